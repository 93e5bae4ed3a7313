package academy.pipeline.testkit.b2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The double's buckets, file versions and unfinished large files. Metadata lives in memory behind one lock;
 * content lives on disk under {@code root} and is written by the upload handler before it is registered here.
 */
final class B2Store {

    record Bucket(String bucketId, String bucketName) {
    }

    private static final Comparator<StoredFile> NAME_THEN_NEWEST = Comparator.comparing(StoredFile::fileName)
            .thenComparing(Comparator.comparingLong(StoredFile::uploadTimestamp).reversed());

    private final Path root;
    private final long absoluteMinimumPartSize;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>();
    private final List<StoredFile> files = new ArrayList<>();
    private final Map<String, UnfinishedLargeFile> unfinished = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private long lastTimestamp;

    B2Store(Path root, long absoluteMinimumPartSize) throws IOException {
        this.root = Files.createDirectories(root);
        this.absoluteMinimumPartSize = absoluteMinimumPartSize;
    }

    /** A fresh temporary file for an incoming upload body. */
    Path newUploadFile() throws IOException {
        return Files.createTempFile(Files.createDirectories(root.resolve("incoming")), "upload", ".bin");
    }

    synchronized Bucket createBucket(String name) {
        Bucket bucket = new Bucket("bucket" + ids.incrementAndGet(), name);
        buckets.put(bucket.bucketId(), bucket);
        return bucket;
    }

    synchronized Optional<Bucket> bucketByName(String name) {
        return buckets.values().stream().filter(b -> b.bucketName().equals(name)).findFirst();
    }

    synchronized Bucket bucket(String bucketId) {
        Bucket bucket = buckets.get(bucketId);
        if (bucket == null) {
            throw B2ApiException.badRequest("Invalid bucketId: " + bucketId);
        }
        return bucket;
    }

    synchronized List<Bucket> buckets() {
        return List.copyOf(buckets.values());
    }

    /** Registers a single upload whose content is already at {@code content}. */
    synchronized StoredFile addUpload(String bucketId, String fileName, String contentType, long length, String sha1,
                                      Map<String, String> fileInfo, Path content) {
        bucket(bucketId);
        String fileId = newFileId(bucketId);
        Path target = move(content, root.resolve("files").resolve(fileId));
        StoredFile file = new StoredFile(fileId, bucketId, fileName, length, contentType, sha1, fileInfo,
                nextTimestamp(), List.of(target));
        files.add(file);
        return file;
    }

    synchronized UnfinishedLargeFile startLargeFile(String bucketId, String fileName, String contentType,
                                                    Map<String, String> fileInfo) {
        bucket(bucketId);
        UnfinishedLargeFile large = new UnfinishedLargeFile(newFileId(bucketId), bucketId, fileName, contentType,
                fileInfo, nextTimestamp());
        unfinished.put(large.fileId, large);
        return large;
    }

    synchronized UnfinishedLargeFile unfinished(String fileId) {
        UnfinishedLargeFile large = unfinished.get(fileId);
        if (large == null) {
            throw B2ApiException.badRequest("No active upload for: " + fileId);
        }
        return large;
    }

    /** Registers (or replaces) a part whose content is already at {@code content}. */
    synchronized StoredPart addPart(String fileId, int partNumber, long length, String sha1, Path content) {
        UnfinishedLargeFile large = unfinished(fileId);
        Path target = move(content, root.resolve("parts").resolve(fileId).resolve(partNumber + "-" + ids.incrementAndGet()));
        StoredPart part = new StoredPart(fileId, partNumber, length, sha1, nextTimestamp(), target);
        StoredPart replaced = large.parts.put(partNumber, part);
        if (replaced != null) {
            delete(replaced.path());
        }
        return part;
    }

    synchronized StoredFile finishLargeFile(String fileId, List<String> partSha1s) {
        UnfinishedLargeFile large = unfinished(fileId);
        if (partSha1s.size() < 2) {
            throw B2ApiException.badRequest("large files must have at least 2 parts");
        }
        if (large.parts.size() != partSha1s.size()) {
            throw B2ApiException.badRequest("Part count " + large.parts.size() + " does not match partSha1Array of "
                    + partSha1s.size());
        }
        long total = 0;
        List<Path> segments = new ArrayList<>();
        for (int number = 1; number <= partSha1s.size(); number++) {
            StoredPart part = large.parts.get(number);
            if (part == null) {
                throw B2ApiException.badRequest("Part number " + number + " has not been uploaded");
            }
            if (!part.contentSha1().equals(partSha1s.get(number - 1))) {
                throw B2ApiException.badRequest("Part number " + number + " sha1 does not match");
            }
            if (number < partSha1s.size() && part.contentLength() < absoluteMinimumPartSize) {
                throw B2ApiException.badRequest("Part number " + number + " is smaller than the minimum part size");
            }
            total += part.contentLength();
            segments.add(part.path());
        }
        unfinished.remove(fileId);
        StoredFile file = new StoredFile(fileId, large.bucketId, large.fileName, total, large.contentType, "none",
                large.fileInfo, large.uploadTimestamp, segments);
        files.add(file);
        return file;
    }

    synchronized UnfinishedLargeFile cancelLargeFile(String fileId) {
        UnfinishedLargeFile large = unfinished(fileId);
        unfinished.remove(fileId);
        large.parts.values().forEach(part -> delete(part.path()));
        return large;
    }

    synchronized List<StoredPart> parts(String fileId, int startPartNumber, int max) {
        return unfinished(fileId).parts.tailMap(startPartNumber, true).values().stream().limit(max).toList();
    }

    /** Unfinished large files of a bucket by name prefix, oldest first, starting at {@code startFileId}. */
    synchronized List<UnfinishedLargeFile> unfinished(String bucketId, String namePrefix, String startFileId) {
        List<UnfinishedLargeFile> matching = unfinished.values().stream()
                .filter(f -> f.bucketId.equals(bucketId))
                .filter(f -> namePrefix == null || f.fileName.startsWith(namePrefix))
                .sorted(Comparator.comparingLong((UnfinishedLargeFile f) -> f.uploadTimestamp))
                .toList();
        if (startFileId == null) {
            return matching;
        }
        int start = 0;
        while (start < matching.size() && !matching.get(start).fileId.equals(startFileId)) {
            start++;
        }
        return matching.subList(start, matching.size());
    }

    /** Every version of a bucket, by name then newest first. */
    synchronized List<StoredFile> versions(String bucketId, String prefix) {
        return files.stream()
                .filter(f -> f.bucketId().equals(bucketId))
                .filter(f -> prefix == null || f.fileName().startsWith(prefix))
                .sorted(NAME_THEN_NEWEST)
                .toList();
    }

    /** The newest version of each name in a bucket, by name. */
    synchronized List<StoredFile> latestVersions(String bucketId, String prefix) {
        List<StoredFile> latest = new ArrayList<>();
        for (StoredFile file : versions(bucketId, prefix)) {
            if (latest.isEmpty() || !latest.get(latest.size() - 1).fileName().equals(file.fileName())) {
                latest.add(file);
            }
        }
        return latest;
    }

    synchronized Optional<StoredFile> file(String fileId) {
        return files.stream().filter(f -> f.fileId().equals(fileId)).findFirst();
    }

    synchronized StoredFile deleteFileVersion(String fileName, String fileId) {
        StoredFile file = file(fileId).filter(f -> f.fileName().equals(fileName))
                .orElseThrow(() -> B2ApiException.badRequest("File not present: " + fileName + " " + fileId));
        files.remove(file);
        file.segments().forEach(B2Store::delete);
        return file;
    }

    synchronized List<StoredFile> allFiles() {
        return files.stream().sorted(NAME_THEN_NEWEST).toList();
    }

    synchronized List<UnfinishedLargeFile> allUnfinished() {
        return List.copyOf(unfinished.values());
    }

    private String newFileId(String bucketId) {
        return "4_z" + bucketId + "_f" + String.format("%06d", ids.incrementAndGet());
    }

    /** Upload timestamps strictly increase, so "newest first" is well defined. */
    private long nextTimestamp() {
        lastTimestamp = Math.max(lastTimestamp + 1, System.currentTimeMillis());
        return lastTimestamp;
    }

    private static Path move(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            return Files.move(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
