package academy.pipeline.testkit.bunny;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Bunny Stream API, {@code /library/{libraryId}/videos[/{videoId}]}: create (POST), get (GET), delete (DELETE),
 * authenticated with the library's {@code AccessKey} header.
 */
final class StreamApiServlet extends HttpServlet {

    private static final int MAX_JSON = 64 * 1024;

    private final BunnyLibrary library;
    private final Faults faults;
    private final VideoFiles files;

    /** Removes the stored bytes of a deleted video. */
    @FunctionalInterface
    interface VideoFiles {
        void delete(DoubleVideo video) throws IOException;
    }

    StreamApiServlet(BunnyLibrary library, Faults faults, VideoFiles files) {
        this.library = library;
        this.faults = faults;
        this.files = files;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int failure = faults.nextApiFailure();
        if (failure != 0) {
            StatusModel.write(response, failure, "injected failure");
            return;
        }
        // /library/{id}/videos[/{guid}]
        String[] parts = request.getRequestURI().split("/");
        if (parts.length < 4 || !parts[1].equals("library") || !parts[3].equals("videos") || parts.length > 5) {
            StatusModel.write(response, 404, "Not found");
            return;
        }
        if (!authorized(parts[2], request.getHeader("AccessKey"))) {
            StatusModel.write(response, 401, "Authorization has been denied for this request.");
            return;
        }
        String method = request.getMethod();
        if (parts.length == 4 && method.equals("POST")) {
            create(request, response);
        } else if (parts.length == 5 && method.equals("GET")) {
            get(parts[4], response);
        } else if (parts.length == 5 && method.equals("DELETE")) {
            delete(parts[4], response);
        } else {
            StatusModel.write(response, 405, "Method not allowed");
        }
    }

    private boolean authorized(String libraryId, String accessKey) {
        return libraryId.equals(library.id()) && accessKey != null
                && MessageDigest.isEqual(accessKey.getBytes(StandardCharsets.UTF_8),
                library.apiKey().getBytes(StandardCharsets.UTF_8));
    }

    private void create(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<JsonNode> body = readJson(request);
        String title = body.map(b -> b.path("title").asString(null)).orElse(null);
        if (title == null || title.isBlank()) {
            StatusModel.write(response, 400, "The Title field is required.");
            return;
        }
        String collectionId = body.get().path("collectionId").asString(null);
        StatusModel.json(response, 200, library.create(title, collectionId).toJson());
    }

    private void get(String guid, HttpServletResponse response) throws IOException {
        Optional<DoubleVideo> video = library.find(guid);
        if (video.isEmpty()) {
            StatusModel.write(response, 404, "The requested video was not found");
            return;
        }
        StatusModel.json(response, 200, video.get().toJson());
    }

    private void delete(String guid, HttpServletResponse response) throws IOException {
        Optional<DoubleVideo> video = library.find(guid);
        if (video.isEmpty() || !library.delete(guid)) {
            StatusModel.write(response, 404, "The requested video was not found");
            return;
        }
        files.delete(video.get());
        StatusModel.write(response, 200, "OK");
    }

    private static Optional<JsonNode> readJson(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_JSON);
            return bytes.length == 0 ? Optional.empty() : Optional.of(StatusModel.JSON.readTree(bytes));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
