package academy.pipeline.testkit.b2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes B2 answers with, holding every field b2-sdk-java requires. */
final class B2Shapes {

    static final String ACCOUNT_ID = "acct0001";

    private B2Shapes() {
    }

    static Map<String, Object> bucket(B2Store.Bucket bucket) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("accountId", ACCOUNT_ID);
        json.put("bucketId", bucket.bucketId());
        json.put("bucketName", bucket.bucketName());
        json.put("bucketType", "allPrivate");
        json.put("bucketInfo", Map.of());
        json.put("corsRules", List.of());
        json.put("lifecycleRules", List.of());
        json.put("revision", 1);
        json.put("fileLockConfiguration", Map.of("isClientAuthorizedToRead", true,
                "value", Map.of("isFileLockEnabled", false, "defaultRetention", Map.of())));
        json.put("defaultServerSideEncryption", Map.of("isClientAuthorizedToRead", true, "value", Map.of()));
        return json;
    }

    static Map<String, Object> file(StoredFile file) {
        return fileVersion(file.fileId(), file.bucketId(), file.fileName(), file.contentLength(), file.contentType(),
                file.contentSha1(), file.fileInfo(), "upload", file.uploadTimestamp());
    }

    static Map<String, Object> startedFile(UnfinishedLargeFile large) {
        return fileVersion(large.fileId, large.bucketId, large.fileName, 0, large.contentType, "none",
                large.fileInfo, "start", large.uploadTimestamp);
    }

    static Map<String, Object> part(StoredPart part) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("fileId", part.fileId());
        json.put("partNumber", part.partNumber());
        json.put("contentLength", part.contentLength());
        json.put("contentSha1", part.contentSha1());
        json.put("uploadTimestamp", part.uploadTimestamp());
        return json;
    }

    static Map<String, Object> error(B2ApiException error) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", error.status());
        json.put("code", error.code());
        json.put("message", error.getMessage());
        return json;
    }

    private static Map<String, Object> fileVersion(String fileId, String bucketId, String fileName, long length,
                                                   String contentType, String sha1, Map<String, String> fileInfo,
                                                   String action, long uploadTimestamp) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("accountId", ACCOUNT_ID);
        json.put("action", action);
        json.put("bucketId", bucketId);
        json.put("contentLength", length);
        json.put("contentSha1", sha1);
        json.put("contentType", contentType);
        json.put("fileId", fileId);
        json.put("fileInfo", fileInfo);
        json.put("fileName", fileName);
        json.put("uploadTimestamp", uploadTimestamp);
        return json;
    }
}
