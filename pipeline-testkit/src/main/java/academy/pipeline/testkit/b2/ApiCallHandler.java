package academy.pipeline.testkit.b2;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The JSON calls of the native API v2 ({@code POST /b2api/v2/<operation>}) that b2-sdk-java makes for uploads. */
final class ApiCallHandler {

    /**
     * What the double answers to {@code b2_authorize_account}.
     *
     * @param baseUrl       the double's own URL, used as apiUrl and downloadUrl
     * @param capabilities  what the application key may do; a call needing another capability gets 401
     * @param allowedBucket the one bucket the key is restricted to, or null for an account-wide key
     */
    record Account(String keyId, String baseUrl, long recommendedPartSize, long absoluteMinimumPartSize,
                   List<String> capabilities, String allowedBucket) {
    }

    /** The capability each call needs, as B2's documentation of the call says. */
    private static final Map<String, String> CAPABILITY = Map.ofEntries(
            Map.entry("b2_list_buckets", "listBuckets"),
            Map.entry("b2_get_upload_url", "writeFiles"),
            Map.entry("b2_start_large_file", "writeFiles"),
            Map.entry("b2_get_upload_part_url", "writeFiles"),
            Map.entry("b2_finish_large_file", "writeFiles"),
            Map.entry("b2_cancel_large_file", "writeFiles"),
            Map.entry("b2_list_parts", "writeFiles"),
            Map.entry("b2_list_unfinished_large_files", "listFiles"),
            Map.entry("b2_list_file_names", "listFiles"),
            Map.entry("b2_list_file_versions", "listFiles"),
            Map.entry("b2_get_file_info", "readFiles"),
            Map.entry("b2_delete_file_version", "deleteFiles"),
            Map.entry("b2_get_download_authorization", "shareFiles"));

    private static final int DEFAULT_MAX_COUNT = 100;

    private final Account account;
    private final Supplier<String> currentKey;
    private final B2Store store;
    private final B2Tokens tokens;
    private final DownloadAuthorizations downloads;

    /** @param currentKey the application key accepted right now (it can be replaced while running) */
    ApiCallHandler(Account account, Supplier<String> currentKey, B2Store store, B2Tokens tokens,
                   DownloadAuthorizations downloads) {
        this.account = account;
        this.currentKey = currentKey;
        this.store = store;
        this.tokens = tokens;
        this.downloads = downloads;
    }

    void handle(HttpExchange exchange, String operation) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw new B2ApiException(405, "method_not_allowed", operation + " takes POST");
        }
        if ("b2_authorize_account".equals(operation)) {
            authorize(exchange);
            return;
        }
        tokens.requireAccountToken(exchange.getRequestHeaders().getFirst("Authorization"));
        Map<String, Object> body = B2Exchange.readJson(exchange);
        requireAllowed(operation, body);
        Object answer = switch (operation) {
            case "b2_list_buckets" -> listBuckets(body);
            case "b2_get_upload_url" -> uploadUrl(body);
            case "b2_start_large_file" -> startLargeFile(body);
            case "b2_get_upload_part_url" -> uploadPartUrl(body);
            case "b2_finish_large_file" -> finishLargeFile(body);
            case "b2_cancel_large_file" -> cancelLargeFile(body);
            case "b2_list_parts" -> listParts(body);
            case "b2_list_unfinished_large_files" -> listUnfinished(body);
            case "b2_list_file_names" -> listFileNames(body);
            case "b2_list_file_versions" -> listFileVersions(body);
            case "b2_get_file_info" -> B2Shapes.file(store.file(B2Exchange.required(body, "fileId"))
                    .orElseThrow(() -> B2ApiException.notFound("file not found")));
            case "b2_delete_file_version" -> deleteFileVersion(body);
            case "b2_get_download_authorization" -> downloads.authorize(
                    store.bucket(B2Exchange.required(body, "bucketId")).bucketId(),
                    B2Exchange.required(body, "fileNamePrefix"),
                    B2Exchange.integer(body, "validDurationInSeconds", 0));
            default -> throw B2ApiException.badRequest("unsupported operation " + operation);
        };
        B2Exchange.sendJson(exchange, answer);
    }

    private void authorize(HttpExchange exchange) throws IOException {
        B2Exchange.readJson(exchange);
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (account.keyId() + ":" + currentKey.get()).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(header)) {
            throw new B2ApiException(401, "unauthorized", "invalid application key id or application key");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("accountId", B2Shapes.ACCOUNT_ID);
        json.put("authorizationToken", tokens.newAccountToken());
        json.put("apiUrl", account.baseUrl());
        json.put("downloadUrl", account.baseUrl());
        json.put("s3ApiUrl", account.baseUrl());
        json.put("recommendedPartSize", account.recommendedPartSize());
        json.put("absoluteMinimumPartSize", account.absoluteMinimumPartSize());
        Map<String, Object> allowed = new LinkedHashMap<>();
        allowed.put("capabilities", account.capabilities());
        if (account.allowedBucket() != null) {
            allowed.put("bucketId", store.bucketByName(account.allowedBucket()).map(B2Store.Bucket::bucketId)
                    .orElse(null));
            allowed.put("bucketName", account.allowedBucket());
        }
        allowed.put("namePrefix", null);
        json.put("allowed", allowed);
        B2Exchange.sendJson(exchange, json);
    }

    /**
     * B2's answers to a key that may not make a call: 401 {@code unauthorized} when the key lacks the call's
     * capability, and for a key restricted to one bucket, when the call names another bucket, or lists buckets
     * without naming the allowed one.
     */
    private void requireAllowed(String operation, Map<String, Object> body) {
        String capability = CAPABILITY.get(operation);
        if (capability != null && !account.capabilities().contains(capability)) {
            throw new B2ApiException(401, "unauthorized", "application key does not have " + capability);
        }
        String allowed = account.allowedBucket();
        if (allowed == null) {
            return;
        }
        String allowedId = store.bucketByName(allowed).map(B2Store.Bucket::bucketId).orElse(null);
        String name = B2Exchange.string(body, "bucketName");
        String id = B2Exchange.string(body, "bucketId");
        boolean namesAllowed = allowed.equals(name) || (allowedId != null && allowedId.equals(id));
        if ("b2_list_buckets".equals(operation) ? !namesAllowed
                : (id != null && !id.equals(allowedId)) || (name != null && !name.equals(allowed))) {
            throw new B2ApiException(401, "unauthorized", "application key is restricted to bucket " + allowed);
        }
    }

    private Object listBuckets(Map<String, Object> body) {
        String name = B2Exchange.string(body, "bucketName");
        String id = B2Exchange.string(body, "bucketId");
        List<Object> buckets = store.buckets().stream()
                .filter(b -> name == null || b.bucketName().equals(name))
                .filter(b -> id == null || b.bucketId().equals(id))
                .map(B2Shapes::bucket)
                .map(Object.class::cast)
                .toList();
        return Map.of("buckets", buckets);
    }

    private Object uploadUrl(Map<String, Object> body) {
        String bucketId = store.bucket(B2Exchange.required(body, "bucketId")).bucketId();
        return Map.of("bucketId", bucketId,
                "uploadUrl", account.baseUrl() + "/b2api/v2/b2_upload_file/" + bucketId + "/" + tokens.randomHex(),
                "authorizationToken", tokens.newUploadToken(bucketId));
    }

    private Object uploadPartUrl(Map<String, Object> body) {
        String fileId = store.unfinished(B2Exchange.required(body, "fileId")).fileId;
        return Map.of("fileId", fileId,
                "uploadUrl", account.baseUrl() + "/b2api/v2/b2_upload_part/" + fileId + "/" + tokens.randomHex(),
                "authorizationToken", tokens.newUploadToken(fileId));
    }

    @SuppressWarnings("unchecked")
    private Object startLargeFile(Map<String, Object> body) {
        Object info = body.get("fileInfo");
        Map<String, String> fileInfo = new LinkedHashMap<>();
        if (info instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((k, v) -> fileInfo.put(k, String.valueOf(v)));
        }
        String contentType = B2Exchange.required(body, "contentType");
        UnfinishedLargeFile large = store.startLargeFile(B2Exchange.required(body, "bucketId"),
                B2Exchange.required(body, "fileName"),
                "b2/x-auto".equals(contentType) ? "application/octet-stream" : contentType, fileInfo);
        return B2Shapes.startedFile(large);
    }

    private Object finishLargeFile(Map<String, Object> body) {
        if (!(body.get("partSha1Array") instanceof List<?> sha1s)) {
            throw B2ApiException.badRequest("required field partSha1Array is missing");
        }
        return B2Shapes.file(store.finishLargeFile(B2Exchange.required(body, "fileId"),
                sha1s.stream().map(String::valueOf).toList()));
    }

    private Object cancelLargeFile(Map<String, Object> body) {
        UnfinishedLargeFile large = store.cancelLargeFile(B2Exchange.required(body, "fileId"));
        return Map.of("fileId", large.fileId, "accountId", B2Shapes.ACCOUNT_ID, "bucketId", large.bucketId,
                "fileName", large.fileName);
    }

    private Object listParts(Map<String, Object> body) {
        int start = B2Exchange.integer(body, "startPartNumber", 1);
        int max = B2Exchange.integer(body, "maxPartCount", DEFAULT_MAX_COUNT);
        List<StoredPart> parts = store.parts(B2Exchange.required(body, "fileId"), start, max + 1);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("parts", parts.stream().limit(max).map(B2Shapes::part).toList());
        json.put("nextPartNumber", parts.size() > max ? parts.get(max).partNumber() : null);
        return json;
    }

    private Object listUnfinished(Map<String, Object> body) {
        int max = B2Exchange.integer(body, "maxFileCount", DEFAULT_MAX_COUNT);
        List<UnfinishedLargeFile> files = store.unfinished(B2Exchange.required(body, "bucketId"),
                B2Exchange.string(body, "namePrefix"), B2Exchange.string(body, "startFileId"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("files", files.stream().limit(max).map(B2Shapes::startedFile).toList());
        json.put("nextFileId", files.size() > max ? files.get(max).fileId : null);
        return json;
    }

    private Object listFileNames(Map<String, Object> body) {
        String startFileName = B2Exchange.string(body, "startFileName");
        int max = B2Exchange.integer(body, "maxFileCount", DEFAULT_MAX_COUNT);
        List<StoredFile> files = store.latestVersions(B2Exchange.required(body, "bucketId"),
                        B2Exchange.string(body, "prefix")).stream()
                .filter(f -> startFileName == null || f.fileName().compareTo(startFileName) >= 0)
                .toList();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("files", files.stream().limit(max).map(B2Shapes::file).toList());
        json.put("nextFileName", files.size() > max ? files.get(max).fileName() : null);
        return json;
    }

    private Object listFileVersions(Map<String, Object> body) {
        String startFileName = B2Exchange.string(body, "startFileName");
        String startFileId = B2Exchange.string(body, "startFileId");
        int max = B2Exchange.integer(body, "maxFileCount", DEFAULT_MAX_COUNT);
        List<StoredFile> all = store.versions(B2Exchange.required(body, "bucketId"), B2Exchange.string(body, "prefix"));
        List<StoredFile> files = new ArrayList<>();
        boolean started = startFileName == null;
        for (StoredFile file : all) {
            if (!started) {
                int order = file.fileName().compareTo(startFileName);
                started = order > 0 || (order == 0 && (startFileId == null || file.fileId().equals(startFileId)));
            }
            if (started) {
                files.add(file);
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("files", files.stream().limit(max).map(B2Shapes::file).toList());
        json.put("nextFileName", files.size() > max ? files.get(max).fileName() : null);
        json.put("nextFileId", files.size() > max ? files.get(max).fileId() : null);
        return json;
    }

    private Object deleteFileVersion(Map<String, Object> body) {
        StoredFile file = store.deleteFileVersion(B2Exchange.required(body, "fileName"),
                B2Exchange.required(body, "fileId"));
        return Map.of("fileId", file.fileId(), "fileName", file.fileName());
    }
}
