package academy.pipeline.standalone;

import java.net.http.HttpResponse;
import java.nio.file.Path;

/** A pipeline under test, however it runs (one JVM, separate processes), as an HTTP client of its gateway sees it. */
interface RunningPipeline {

    /** The data folder: {@code incoming/} for custom uploads, {@code spool/}. */
    Path dataDir();

    HttpResponse<String> postJson(String path, String json) throws Exception;

    HttpResponse<String> get(String path) throws Exception;
}
