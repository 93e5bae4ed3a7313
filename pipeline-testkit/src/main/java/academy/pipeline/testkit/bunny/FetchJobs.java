package academy.pipeline.testkit.bunny;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Bunny's fetch: the double really pulls the URL over HTTP (with the given headers), streaming it to disk, then
 * the video moves on as after a tus upload; a failed pull leaves the video UploadFailed (6).
 */
final class FetchJobs implements AutoCloseable {

    private final BunnyLibrary library;
    private final Path directory;
    private final ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "bunny-double-fetch");
        thread.setDaemon(true);
        thread.setContextClassLoader(FetchJobs.class.getClassLoader());
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    FetchJobs(BunnyLibrary library, Path directory) throws IOException {
        this.library = library;
        this.directory = Files.createDirectories(directory);
    }

    /** Where a fetched video's bytes are stored. */
    Path file(DoubleVideo video) {
        return directory.resolve(video.guid());
    }

    void start(DoubleVideo video, URI url, Map<String, String> headers) {
        workers.submit(() -> pull(video, url, headers));
    }

    private void pull(DoubleVideo video, URI url, Map<String, String> headers) {
        try {
            // again here: a benchmark may empty the double's storage between recordings
            Files.createDirectories(directory);
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(30)).GET();
            headers.forEach(request::header);
            HttpResponse<Path> response = http.send(request.build(), HttpResponse.BodyHandlers.ofFile(file(video)));
            if (response.statusCode() / 100 != 2) {
                Files.deleteIfExists(file(video));
                video.status(DoubleVideo.UPLOAD_FAILED);
                return;
            }
            library.uploaded(video, Files.size(file(video)));
        } catch (IOException | RuntimeException e) {
            video.status(DoubleVideo.UPLOAD_FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
