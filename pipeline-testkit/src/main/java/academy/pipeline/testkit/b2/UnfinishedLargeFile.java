package academy.pipeline.testkit.b2;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** A large file between {@code b2_start_large_file} and finish or cancel. Guarded by {@link B2Store}'s lock. */
final class UnfinishedLargeFile {

    final String fileId;
    final String bucketId;
    final String fileName;
    final String contentType;
    final Map<String, String> fileInfo;
    final long uploadTimestamp;
    final NavigableMap<Integer, StoredPart> parts = new TreeMap<>();

    UnfinishedLargeFile(String fileId, String bucketId, String fileName, String contentType,
                        Map<String, String> fileInfo, long uploadTimestamp) {
        this.fileId = fileId;
        this.bucketId = bucketId;
        this.fileName = fileName;
        this.contentType = contentType;
        this.fileInfo = Map.copyOf(fileInfo);
        this.uploadTimestamp = uploadTimestamp;
    }
}
