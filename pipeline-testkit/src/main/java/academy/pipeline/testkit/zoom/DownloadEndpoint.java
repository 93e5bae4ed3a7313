package academy.pipeline.testkit.zoom;

import academy.pipeline.testkit.zoom.ZoomDownloadServer.RecordingFile;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /rec/webhook_download/{fileId}} and {@code /rec/download/{fileId}}: a valid bearer download token is
 * required (401 with Zoom's code 124 otherwise, also for {@code ?access_token=}); the answer is a 302 to a signed
 * storage URL, or Zoom's HTML page with 200 when the file's fault says so.
 */
final class DownloadEndpoint {

    private static final byte[] HTML_PAGE = ("<!DOCTYPE html><html><head><title>Zoom</title></head>"
            + "<body>Sign in to download</body></html>").getBytes(StandardCharsets.UTF_8);

    private final Map<String, RecordingFile> files;
    private final Set<String> validTokens;
    private final StorageSignatures signatures;
    private final int port;

    DownloadEndpoint(Map<String, RecordingFile> files, Set<String> validTokens, StorageSignatures signatures, int port) {
        this.files = files;
        this.validTokens = validTokens;
        this.signatures = signatures;
        this.port = port;
    }

    int handle(HttpExchange exchange, String fileId) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String token = ZoomHttp.bearer(exchange);
        if ((query != null && query.contains("access_token=")) || token == null || !validTokens.contains(token)) {
            return ZoomHttp.invalidAccessToken(exchange);
        }
        RecordingFile recording = files.get(fileId);
        if (recording == null) {
            return ZoomHttp.recordingNotFound(exchange);
        }
        if (recording.answersHtmlTo(token)) {
            exchange.getResponseHeaders().set("Content-Type", "text/html;charset=utf-8");
            exchange.sendResponseHeaders(200, HTML_PAGE.length);
            exchange.getResponseBody().write(HTML_PAGE);
            return 200;
        }
        String location = "http://" + recording.redirectHost() + ":" + port + "/storage/" + fileId + "/"
                + recording.file().getFileName() + "?" + signatures.sign(fileId);
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        return 302;
    }
}
