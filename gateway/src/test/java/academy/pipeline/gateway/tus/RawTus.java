package academy.pipeline.gateway.tus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Hand-made tus requests over raw HTTP, for the protocol cases a well-behaved client never produces. */
final class RawTus {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    RawTus(int port) {
        this.port = port;
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
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String grant, String... extraHeaders) throws Exception {
        Map<String, String> headers = headers("Tus-Resumable", "1.0.0", "Authorization", "Bearer " + grant);
        headers.putAll(headers(extraHeaders));
        return send("POST", TusSettings.PATH, headers, null);
    }

    /** Creates an upload and answers its path ({@code /tusupload/<id>}). */
    String create(String grant, long length, String... extraHeaders) throws Exception {
        String[] all = new String[extraHeaders.length + 2];
        all[0] = "Upload-Length";
        all[1] = Long.toString(length);
        System.arraycopy(extraHeaders, 0, all, 2, extraHeaders.length);
        return location(post(grant, all));
    }

    static String location(HttpResponse<String> created) {
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creation answered " + created.statusCode() + ": " + created.body());
        }
        return URI.create(created.headers().firstValue("Location").orElseThrow()).getPath();
    }

    HttpResponse<String> head(String path, String grant) throws Exception {
        return send("HEAD", path, headers("Tus-Resumable", "1.0.0", "Authorization", "Bearer " + grant), null);
    }

    long offset(String path, String grant) throws Exception {
        HttpResponse<String> head = head(path, grant);
        if (head.statusCode() != 200) {
            throw new IllegalStateException("HEAD answered " + head.statusCode());
        }
        return Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
    }

    HttpResponse<String> patch(String path, String grant, long offset, byte[] body, String... extraHeaders) throws Exception {
        Map<String, String> headers = headers("Tus-Resumable", "1.0.0", "Authorization", "Bearer " + grant,
                "Upload-Offset", Long.toString(offset), "Content-Type", "application/offset+octet-stream");
        headers.putAll(headers(extraHeaders));
        return send("PATCH", path, headers, body);
    }

    /**
     * A PATCH on a raw socket: the head announces {@code contentLength} bytes, {@link Open#send} sends some of them,
     * {@link Open#abort} drops the connection as a browser's abort does, {@link Open#status} reads the answer.
     */
    Open open(String path, String grant, long offset, long contentLength) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        String head = "PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nTus-Resumable: 1.0.0\r\n"
                + "Authorization: Bearer " + grant + "\r\nUpload-Offset: " + offset + "\r\n"
                + "Content-Type: application/offset+octet-stream\r\nContent-Length: " + contentLength + "\r\n\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return new Open(socket);
    }

    static final class Open implements AutoCloseable {
        private final Socket socket;

        private Open(Socket socket) {
            this.socket = socket;
        }

        void send(byte[] bytes) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
        }

        /** Resets the connection (no FIN, no rest of the body): a tab closed or a network dropped. */
        void abort() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        /** The status line's code of the answer. */
        int status() throws IOException {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            String statusLine = line.toString(StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
