package academy.pipeline.standalone;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Hand-made tus requests, for the protocol cases a well-behaved client never produces. */
final class TusHttp {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    TusHttp(int port) {
        this.port = port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static String metadata(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> e.getKey() + " " + Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)))
                .collect(Collectors.joining(","));
    }

    static Map<String, String> headers(String... pairs) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.put(pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    HttpResponse<String> send(String method, String path, Map<String, String> headers, byte[] body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Creates an upload and answers its path ({@code /tusupload/<id>}). */
    String create(String grant, long length, Map<String, String> metadata) throws Exception {
        HttpResponse<String> response = send("POST", "/tusupload", headers(
                "Tus-Resumable", "1.0.0", "Authorization", "Bearer " + grant,
                "Upload-Length", Long.toString(length), "Upload-Metadata", metadata(metadata)), null);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creation answered " + response.statusCode() + ": " + response.body());
        }
        return URI.create(response.headers().firstValue("Location").orElseThrow()).getPath();
    }

    HttpResponse<String> head(String path, String grant) throws Exception {
        return send("HEAD", path, headers("Tus-Resumable", "1.0.0", "Authorization", "Bearer " + grant), null);
    }

    long offset(String path, String grant) throws Exception {
        return Long.parseLong(head(path, grant).headers().firstValue("Upload-Offset").orElseThrow());
    }

    HttpResponse<String> patch(String path, String grant, long offset, byte[] body, String... extraHeaders) throws Exception {
        Map<String, String> headers = headers("Tus-Resumable", "1.0.0", "Authorization", "Bearer " + grant,
                "Upload-Offset", Long.toString(offset), "Content-Type", "application/offset+octet-stream");
        headers.putAll(headers(extraHeaders));
        return send("PATCH", path, headers, body);
    }

    /**
     * Starts a PATCH announcing the whole rest of the file, sends only {@code bytes} of it, and drops the
     * connection: a tutor's laptop losing its network mid-upload.
     */
    void patchAndCut(String path, String grant, Path file, long bytes) throws IOException {
        long length = Files.size(file);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
             InputStream in = Files.newInputStream(file)) {
            OutputStream out = socket.getOutputStream();
            String head = "PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nTus-Resumable: 1.0.0\r\n"
                    + "Authorization: Bearer " + grant + "\r\nUpload-Offset: 0\r\n"
                    + "Content-Type: application/offset+octet-stream\r\nContent-Length: " + length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] buffer = new byte[64 * 1024];
            long left = bytes;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                out.write(buffer, 0, n);
                left -= n;
            }
            out.flush();
            socket.setSoLinger(true, 0);
        }
    }
}
