package academy.pipeline.testkit.b2;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A finished file version held by the double.
 *
 * @param contentSha1 hex SHA-1 for single uploads, {@code none} for large files (as B2 reports)
 * @param segments    the files on disk whose concatenation is the content (one for a single upload, the parts
 *                    for a large file)
 */
public record StoredFile(String fileId, String bucketId, String fileName, long contentLength, String contentType,
                         String contentSha1, Map<String, String> fileInfo, long uploadTimestamp,
                         List<Path> segments) {

    public StoredFile {
        fileInfo = Map.copyOf(fileInfo);
        segments = List.copyOf(segments);
    }

    /** SHA-1 of the whole content as B2 knows it: the upload's, or the large file's {@code large_file_sha1}. */
    public String knownSha1() {
        return "none".equals(contentSha1) ? fileInfo.get("large_file_sha1") : contentSha1;
    }
}
