package academy.pipeline.testkit.bunny;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bunny Stream API, {@code /library/{libraryId}/videos[/{videoId}]}: create (POST), get (GET), delete (DELETE),
 * fetch ({@code POST .../videos/fetch}), authenticated with the library's {@code AccessKey} header.
 */
final class StreamApiServlet extends HttpServlet {

    private static final int MAX_JSON = 64 * 1024;

    private final BunnyLibrary library;
    private final Faults faults;
    private final VideoFiles files;
    private final FetchJobs fetches;

    /** Removes the stored bytes of a deleted video. */
    @FunctionalInterface
    interface VideoFiles {
        void delete(DoubleVideo video) throws IOException;
    }

    StreamApiServlet(BunnyLibrary library, Faults faults, VideoFiles files, FetchJobs fetches) {
        this.library = library;
        this.faults = faults;
        this.files = files;
        this.fetches = fetches;
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
        } else if (parts.length == 5 && parts[4].equals("fetch") && method.equals("POST")) {
            fetch(request, response);
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

    /**
     * {@code POST /library/{id}/videos/fetch?collectionId=} with {@code {url, headers?, title?}}: 400 for a
     * missing or non-http(s) URL, else 200 StatusModel (plus the new video's {@code guid}, which the public
     * contract leaves unspecified) and the pull runs in the background.
     */
    private void fetch(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<JsonNode> body = readJson(request);
        URI url = body.map(b -> b.path("url").asString(null)).flatMap(StreamApiServlet::httpUrl).orElse(null);
        if (url == null) {
            StatusModel.write(response, 400, "Invalid URL");
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        body.get().path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
        String title = body.get().path("title").asString(null);
        if (title == null || title.isBlank()) {
            String path = url.getPath();
            title = path == null || path.isEmpty() ? url.getHost() : path.substring(path.lastIndexOf('/') + 1);
        }
        DoubleVideo video = library.create(title, request.getParameter("collectionId"));
        fetches.start(video, url, headers);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("success", true);
        answer.put("message", "OK");
        answer.put("statusCode", 200);
        answer.put("guid", video.guid());
        StatusModel.json(response, 200, answer);
    }

    private static Optional<URI> httpUrl(String text) {
        try {
            URI uri = URI.create(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    ? Optional.of(uri) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
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
