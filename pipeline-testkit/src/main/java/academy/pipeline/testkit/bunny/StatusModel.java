package academy.pipeline.testkit.bunny;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes JSON answers in Bunny's shapes; {@code StatusModel} is {@code {success, message, statusCode}}. */
final class StatusModel {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private StatusModel() {
    }

    static void write(HttpServletResponse response, int status, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", status / 100 == 2);
        body.put("message", message);
        body.put("statusCode", status);
        json(response, status, body);
    }

    static void json(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
