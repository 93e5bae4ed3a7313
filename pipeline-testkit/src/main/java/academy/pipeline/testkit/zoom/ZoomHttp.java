package academy.pipeline.testkit.zoom;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The small pieces of HTTP every endpoint of the Zoom double uses. */
final class ZoomHttp {

    private ZoomHttp() {
    }

    /** The bearer token of the Authorization header, or null. */
    static String bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : null;
    }

    /** Decodes {@code a=1&b=2} (a query or a form body); an empty map for null. */
    static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                values.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    /** Answers with a JSON body; returns the status, for the request log. */
    static int json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        return status;
    }

    static int invalidAccessToken(HttpExchange exchange) throws IOException {
        return json(exchange, 401, "{\"code\":124,\"message\":\"Invalid access token.\"}");
    }

    static int recordingNotFound(HttpExchange exchange) throws IOException {
        return json(exchange, 404, "{\"code\":3301,\"message\":\"This recording does not exist.\"}");
    }
}
