package academy.pipeline.standalone;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A pipeline under test, however it runs (one JVM, separate processes), as an operator on the gateway's host
 * sees it: {@link #postJson} and {@link #get} go to the operator port (status API, custom-upload, actuator),
 * whose base URL comes from {@link #operatorUrl()} only. The intake on the public port is the tests' own
 * business (Zoom sender, tus client, {@code StandaloneHarness#postIntakeJson}).
 */
interface RunningPipeline {

    HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The data folder: {@code incoming/} for custom uploads, {@code spool/}. */
    Path dataDir();

    /** Base URL of the gateway's operator port, e.g. {@code http://127.0.0.1:9010}. */
    String operatorUrl();

    /** Bearer token sent on operator calls; null when the operator port is on loopback (then not needed). */
    default String operatorToken() {
        return null;
    }

    default HttpResponse<String> postJson(String path, String json) throws Exception {
        return HTTP.send(operator(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    default HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(operator(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request to the operator port, with the token when there is one. */
    default HttpRequest.Builder operator(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(operatorUrl() + path)).timeout(Duration.ofSeconds(30));
        if (operatorToken() != null) {
            request.header("Authorization", "Bearer " + operatorToken());
        }
        return request;
    }
}
