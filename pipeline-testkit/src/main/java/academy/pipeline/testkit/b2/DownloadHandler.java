package academy.pipeline.testkit.b2;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code GET /file/<bucketName>/<fileName>}: the newest version of a name, streamed from disk. With private
 * downloads on, the request needs an {@code Authorization} header (or {@code ?Authorization=}) holding an account
 * token or a download authorization for the name; otherwise 401 {@code unauthorized}.
 */
final class DownloadHandler {

    private final B2Store store;
    private final DownloadAccess access;

    /** Decides whether a download of a file may go ahead. */
    @FunctionalInterface
    interface DownloadAccess {
        boolean allows(String authorization, String bucketId, String fileName);
    }

    DownloadHandler(B2Store store, DownloadAccess access) {
        this.store = store;
        this.access = access;
    }

    void handle(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
            throw new B2ApiException(405, "method_not_allowed", "downloads take GET");
        }
        String path = exchange.getRequestURI().getRawPath().substring("/file/".length());
        int slash = path.indexOf('/');
        if (slash < 0) {
            throw B2ApiException.badRequest("malformed download URL");
        }
        String bucketName = URLDecoder.decode(path.substring(0, slash), StandardCharsets.UTF_8);
        String fileName = URLDecoder.decode(path.substring(slash + 1), StandardCharsets.UTF_8);
        B2Store.Bucket bucket = store.bucketByName(bucketName)
                .orElseThrow(() -> B2ApiException.notFound("bucket " + bucketName + " does not exist"));
        if (!access.allows(authorization(exchange), bucket.bucketId(), fileName)) {
            throw new B2ApiException(401, "unauthorized", "a private bucket's file needs an authorization token");
        }
        StoredFile file = store.latestVersions(bucket.bucketId(), fileName).stream()
                .filter(f -> f.fileName().equals(fileName))
                .findFirst()
                .orElseThrow(() -> B2ApiException.notFound("File with such name does not exist."));
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", file.contentType());
        headers.set("X-Bz-File-Id", file.fileId());
        headers.set("X-Bz-File-Name", URLEncoder.encode(file.fileName(), StandardCharsets.UTF_8).replace("%2F", "/"));
        headers.set("X-Bz-Content-Sha1", file.contentSha1());
        headers.set("X-Bz-Upload-Timestamp", Long.toString(file.uploadTimestamp()));
        file.fileInfo().forEach((k, v) -> headers.set("X-Bz-Info-" + k, URLEncoder.encode(v, StandardCharsets.UTF_8)));
        if ("HEAD".equals(exchange.getRequestMethod())) {
            headers.set("Content-Length", Long.toString(file.contentLength()));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, file.contentLength() == 0 ? -1 : file.contentLength());
        try (OutputStream out = exchange.getResponseBody()) {
            for (Path segment : file.segments()) {
                Files.copy(segment, out);
            }
        }
    }

    private static String authorization(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null) {
            return header;
        }
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("Authorization=")) {
                return URLDecoder.decode(pair.substring("Authorization=".length()), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
