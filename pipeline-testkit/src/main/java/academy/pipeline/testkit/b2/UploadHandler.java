package academy.pipeline.testkit.b2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.Headers;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** {@code b2_upload_file} and {@code b2_upload_part}: the POSTs to the upload URLs the double handed out. */
final class UploadHandler {

    private static final String INFO_PREFIX = "x-bz-info-";

    private final B2Store store;
    private final B2Tokens tokens;
    private final B2Faults faults;

    UploadHandler(B2Store store, B2Tokens tokens, B2Faults faults) {
        this.store = store;
        this.tokens = tokens;
        this.faults = faults;
    }

    /** {@code POST /b2api/v2/b2_upload_file/<bucketId>/<nonce>}. */
    void uploadFile(HttpExchange exchange) throws IOException {
        String bucketId = pathSegment(exchange, 4);
        Headers headers = exchange.getRequestHeaders();
        tokens.requireUploadToken(headers.getFirst("Authorization"), bucketId);
        String encodedName = headers.getFirst("X-Bz-File-Name");
        if (encodedName == null || encodedName.isEmpty()) {
            throw B2ApiException.badRequest("X-Bz-File-Name is required");
        }
        String fileName = URLDecoder.decode(encodedName, StandardCharsets.UTF_8);
        String contentType = headers.getFirst("Content-Type");
        if (contentType == null) {
            throw B2ApiException.badRequest("Content-Type is required");
        }
        if ("b2/x-auto".equals(contentType)) {
            contentType = "application/octet-stream";
        }
        Map<String, String> fileInfo = fileInfo(headers);
        UploadBody body = receive(exchange);
        StoredFile file = store.addUpload(bucketId, fileName, contentType, body.length(), body.sha1(), fileInfo,
                body.file());
        B2Exchange.sendJson(exchange, B2Shapes.file(file));
    }

    /** {@code POST /b2api/v2/b2_upload_part/<fileId>/<nonce>}. */
    void uploadPart(HttpExchange exchange) throws IOException {
        String fileId = pathSegment(exchange, 4);
        Headers headers = exchange.getRequestHeaders();
        tokens.requireUploadToken(headers.getFirst("Authorization"), fileId);
        store.unfinished(fileId);
        int partNumber;
        try {
            partNumber = Integer.parseInt(String.valueOf(headers.getFirst("X-Bz-Part-Number")));
        } catch (NumberFormatException e) {
            throw B2ApiException.badRequest("X-Bz-Part-Number is required");
        }
        if (partNumber < 1 || partNumber > 10_000) {
            throw B2ApiException.badRequest("X-Bz-Part-Number must be 1..10000");
        }
        UploadBody body = receive(exchange);
        StoredPart part = store.addPart(fileId, partNumber, body.length(), body.sha1(), body.file());
        B2Exchange.sendJson(exchange, B2Shapes.part(part));
    }

    private UploadBody receive(HttpExchange exchange) throws IOException {
        Path incoming = store.newUploadFile();
        try {
            return UploadBody.receive(exchange, incoming, faults);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(incoming);
            throw e;
        }
    }

    private static Map<String, String> fileInfo(Headers headers) {
        Map<String, String> info = new TreeMap<>();
        headers.forEach((name, values) -> {
            if (name.toLowerCase(Locale.ROOT).startsWith(INFO_PREFIX) && !values.isEmpty()) {
                info.put(name.substring(INFO_PREFIX.length()).toLowerCase(Locale.ROOT),
                        URLDecoder.decode(values.get(0), StandardCharsets.UTF_8));
            }
        });
        return info;
    }

    private static String pathSegment(HttpExchange exchange, int index) {
        String[] segments = exchange.getRequestURI().getPath().split("/");
        if (segments.length <= index) {
            throw B2ApiException.badRequest("malformed upload URL");
        }
        return segments[index];
    }
}
