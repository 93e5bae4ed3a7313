package academy.pipeline.testkit.b2;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/** Reading B2 requests and writing B2 answers on a JDK {@link HttpExchange}. */
final class B2Exchange {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_JSON_BODY = 1024 * 1024;

    private B2Exchange() {
    }

    /** The JSON body of an API call; b2-sdk-java sends it as {@code application/octet-stream}, so the type is not checked. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readJson(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_JSON_BODY + 1);
        }
        if (body.length > MAX_JSON_BODY) {
            throw B2ApiException.badRequest("request body too large");
        }
        if (body.length == 0) {
            return Map.of();
        }
        try {
            return JSON.readValue(body, Map.class);
        } catch (JacksonException e) {
            throw B2ApiException.badRequest("invalid JSON in request body");
        }
    }

    static void sendJson(HttpExchange exchange, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Answers with B2's error shape, after draining what is left of the request body so the client sees it. */
    static void sendError(HttpExchange exchange, B2ApiException error) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the client went away; the answer below fails too and the exchange is closed
        }
        byte[] bytes = JSON.writeValueAsBytes(B2Shapes.error(error));
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        if (error.retryAfterSeconds() != null) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(error.retryAfterSeconds()));
        }
        exchange.sendResponseHeaders(error.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String string(Map<String, Object> body, String field) {
        Object value = body.get(field);
        return value == null ? null : value.toString();
    }

    static String required(Map<String, Object> body, String field) {
        String value = string(body, field);
        if (value == null || value.isEmpty()) {
            throw B2ApiException.badRequest("required field " + field + " is missing");
        }
        return value;
    }

    static int integer(Map<String, Object> body, String field, int fallback) {
        Object value = body.get(field);
        return value instanceof Number number ? number.intValue() : fallback;
    }
}
