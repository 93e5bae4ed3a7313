package academy.pipeline.gateway.ports;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so a test controls every header (Host included, which {@code HttpClient} will not
 * let a caller set) and the path is sent exactly as written (no client-side normalisation of {@code ..}).
 */
final class RawHttp {

    record Response(int status, Map<String, String> headers, String body) {
    }

    private final InetAddress address;
    private final int port;

    RawHttp(InetAddress address, int port) {
        this.address = address;
        this.port = port;
    }

    Response get(String path, String... headers) throws IOException {
        return send("GET", path, null, headers);
    }

    /** @param headers name, value, name, value, ...; a Host given here replaces the connection's own */
    Response send(String method, String path, String body, String... headers) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        String literal = address.getHostAddress();
        all.put("Host", (literal.contains(":") ? "[" + literal + "]" : literal) + ":" + port);
        for (int i = 0; i < headers.length; i += 2) {
            all.put(headers[i], headers[i + 1]);
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null || !method.equals("GET")) {
            all.put("Content-Length", Integer.toString(bytes.length));
        }
        all.put("Connection", "close");
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        all.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 5_000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            return parse(socket.getInputStream());
        }
    }

    private static Response parse(InputStream in) throws IOException {
        // ISO-8859-1 maps each byte to one char, so offsets in the string are offsets in the bytes.
        String raw = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        int end = raw.indexOf("\r\n\r\n");
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = raw.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
