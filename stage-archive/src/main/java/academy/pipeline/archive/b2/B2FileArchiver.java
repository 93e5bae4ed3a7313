package academy.pipeline.archive.b2;

import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.core.spool.StreamingCopy;
import academy.pipeline.core.spool.TransferListener;
import com.backblaze.b2.client.B2StorageClient;
import com.backblaze.b2.client.contentSources.B2ContentTypes;
import com.backblaze.b2.client.exceptions.B2Exception;
import com.backblaze.b2.client.exceptions.B2LocalException;
import com.backblaze.b2.client.structures.B2Bucket;
import com.backblaze.b2.client.structures.B2FileVersion;
import com.backblaze.b2.client.structures.B2ListFileNamesRequest;
import com.backblaze.b2.client.structures.B2ListUnfinishedLargeFilesRequest;
import com.backblaze.b2.client.structures.B2UploadFileRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Puts one spooled file into the bucket, idempotently:
 * <ol>
 *   <li>if the newest version of the name already has this size and SHA-1, it is the archive (a retry after a
 *       crash between upload and commit): nothing is uploaded;</li>
 *   <li>unfinished large files of the same name are resumed when they were started for the same content
 *       ({@code large_file_sha1}) and otherwise cancelled, so no orphaned parts stay behind;</li>
 *   <li>a file below the threshold goes up in one upload whose SHA-1 header B2 checks; a larger one goes up with
 *       the large-file API, parts read from the spool file by the bounded upload pool, each part's SHA-1 checked
 *       by B2, the whole file's SHA-1 computed alongside and compared before the result is accepted.</li>
 * </ol>
 * B2 failures are thrown as the SDK's {@link B2Exception}; {@link B2Failures} classifies them.
 */
final class B2FileArchiver {

    /** The file info key B2 documents for the SHA-1 of a large file's whole content. */
    static final String LARGE_FILE_SHA1 = "large_file_sha1";

    private static final Logger log = LoggerFactory.getLogger(B2FileArchiver.class);

    /**
     * @param version the archived version
     * @param sha1    the content's SHA-1 as verified
     * @param reused  whether the version was already there
     */
    record Archived(B2FileVersion version, String sha1, boolean reused) {
    }

    private final B2StorageClient client;
    private final String bucketName;
    private final long largeFileThreshold;
    private final ExecutorService uploadPool;
    private final ExecutorService hashPool;
    private volatile String bucketId;

    /** @param hashPool where large files are hashed for verification, or null to skip that verification */
    B2FileArchiver(B2StorageClient client, String bucketName, long largeFileThreshold, ExecutorService uploadPool,
                   ExecutorService hashPool) {
        this.client = client;
        this.bucketName = bucketName;
        this.largeFileThreshold = largeFileThreshold;
        this.uploadPool = uploadPool;
        this.hashPool = hashPool;
    }

    Archived archive(Path file, String fileName, String contentType, String expectedSha1, TransferListener listener)
            throws B2Exception, IOException, InterruptedException {
        String bucket = bucketId();
        long size = Files.size(file);
        B2FileVersion existing = newestVersion(bucket, fileName);
        if (existing != null && existing.getContentLength() == size && expectedSha1.equalsIgnoreCase(sha1Of(existing))) {
            log.info("b2 archive reuses {} ({}), already stored with SHA-1 {}", fileName, existing.getFileId(),
                    expectedSha1);
            listener.transferred(size);
            return new Archived(existing, expectedSha1, true);
        }
        List<B2FileVersion> unfinished = unfinishedLargeFiles(bucket, fileName);
        UploadProgress progress = new UploadProgress(listener);
        B2UploadFileRequest.Builder request = B2UploadFileRequest
                .builder(bucket, fileName, contentType == null ? B2ContentTypes.B2_AUTO : contentType,
                        new SpoolFileContentSource(file, expectedSha1))
                .setListener(progress);
        try {
            if (size < largeFileThreshold) {
                cancelAll(unfinished);
                B2FileVersion uploaded = client.uploadSmallFile(request.build());
                return new Archived(uploaded, uploaded.getContentSha1(), false);
            }
            // The SDK adds large_file_sha1 itself, but when resuming it compares file infos without removing it
            // (6.2.1 removes the header name instead of the info name), so it is set explicitly to let resumes match.
            return uploadLarge(file, request.setCustomField(LARGE_FILE_SHA1, expectedSha1).build(), expectedSha1,
                    unfinished);
        } catch (B2Exception e) {
            if (progress.abort() != null) {
                throw progress.abort();
            }
            throw e;
        }
    }

    /** The download URL of a name in the bucket. */
    String downloadUrl(String fileName) throws B2Exception {
        return client.getDownloadByNameUrl(bucketName, fileName);
    }

    String bucketName() {
        return bucketName;
    }

    private Archived uploadLarge(Path file, B2UploadFileRequest request, String expectedSha1,
                                 List<B2FileVersion> unfinished) throws B2Exception, IOException, InterruptedException {
        B2FileVersion resumable = unfinished.stream()
                .filter(f -> expectedSha1.equalsIgnoreCase(f.getFileInfo().get(LARGE_FILE_SHA1)))
                .max(Comparator.comparingLong(B2FileVersion::getUploadTimestamp))
                .orElse(null);
        List<B2FileVersion> stale = new ArrayList<>(unfinished);
        stale.remove(resumable);
        cancelAll(stale);

        if (hashPool == null) {
            B2FileVersion finished = resumable == null ? client.uploadLargeFile(request, uploadPool) : resume(resumable, request);
            return new Archived(finished, sha1Of(finished), false);
        }
        Future<String> wholeFileSha1 = hashPool.submit(() -> StreamingCopy.sha1(file, TransferListener.NONE).sha1());
        B2FileVersion finished;
        try {
            finished = resumable == null ? client.uploadLargeFile(request, uploadPool) : resume(resumable, request);
        } catch (B2Exception | RuntimeException e) {
            wholeFileSha1.cancel(true);
            throw e;
        }
        String actualSha1 = sha1Of(wholeFileSha1);
        if (!expectedSha1.equalsIgnoreCase(actualSha1)) {
            client.deleteFileVersion(finished);
            throw new FatalStepException("spool file " + file.getFileName() + " hashes to SHA-1 " + actualSha1
                    + " but the recording's SHA-1 is " + expectedSha1 + "; the uploaded B2 version was deleted");
        }
        return new Archived(finished, actualSha1, false);
    }

    private B2FileVersion resume(B2FileVersion unfinished, B2UploadFileRequest request) throws B2Exception {
        try {
            log.info("b2 archive resumes unfinished large file {} ({})", unfinished.getFileName(), unfinished.getFileId());
            return client.finishUploadingLargeFile(unfinished, request, uploadPool);
        } catch (B2LocalException e) {
            if (!"mismatch".equals(e.getCode())) {
                throw e;
            }
            log.info("b2 archive cancels unfinished large file {} ({}): {}", unfinished.getFileName(),
                    unfinished.getFileId(), e.getMessage());
            client.cancelLargeFile(unfinished.getFileId());
            return client.uploadLargeFile(request, uploadPool);
        }
    }

    private void cancelAll(List<B2FileVersion> unfinished) throws B2Exception {
        for (B2FileVersion stale : unfinished) {
            log.info("b2 archive cancels unfinished large file {} ({}) started for other content",
                    stale.getFileName(), stale.getFileId());
            client.cancelLargeFile(stale.getFileId());
        }
    }

    private B2FileVersion newestVersion(String bucket, String fileName) throws B2Exception {
        B2ListFileNamesRequest request = B2ListFileNamesRequest.builder(bucket)
                .setStartFileName(fileName).setPrefix(fileName).setMaxFileCount(1).build();
        for (B2FileVersion version : client.fileNames(request)) {
            return version.getFileName().equals(fileName) && version.isUpload() ? version : null;
        }
        return null;
    }

    private List<B2FileVersion> unfinishedLargeFiles(String bucket, String fileName) throws B2Exception {
        List<B2FileVersion> found = new ArrayList<>();
        B2ListUnfinishedLargeFilesRequest request = B2ListUnfinishedLargeFilesRequest.builder(bucket)
                .setNamePrefix(fileName).build();
        for (B2FileVersion version : client.unfinishedLargeFiles(request)) {
            if (version.getFileName().equals(fileName)) {
                found.add(version);
            }
        }
        return found;
    }

    private String bucketId() throws B2Exception {
        String id = bucketId;
        if (id == null) {
            B2Bucket bucket = client.getBucketOrNullByName(bucketName);
            if (bucket == null) {
                throw new FatalStepException("B2 bucket '" + bucketName + "' does not exist or the application key "
                        + "may not list it (pipeline.archive.b2.bucket-name / B2_BUCKET_NAME)");
            }
            id = bucket.getBucketId();
            bucketId = id;
        }
        return id;
    }

    /** The SHA-1 B2 holds for a version: the upload's, or {@code large_file_sha1} for a large file. */
    private static String sha1Of(B2FileVersion version) {
        String sha1 = version.getContentSha1();
        return sha1 == null || "none".equals(sha1) ? version.getLargeFileSha1OrNull() : sha1;
    }

    private static String sha1Of(Future<String> hashing) throws IOException, InterruptedException {
        try {
            return hashing.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("hashing the spool file failed", e.getCause());
        }
    }
}
