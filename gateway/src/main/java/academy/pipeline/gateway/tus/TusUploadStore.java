package academy.pipeline.gateway.tus;

import me.desair.tus.server.TusFileUploadService;
import me.desair.tus.server.exception.TusException;
import me.desair.tus.server.upload.UploadId;
import me.desair.tus.server.upload.UploadInfo;
import me.desair.tus.server.upload.disk.DiskLockingService;
import me.desair.tus.server.upload.disk.DiskStorageService;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * tus-java-server's disk store under {@code <storageDir>}: {@code uploads/<id>/info} (the library's upload info),
 * {@code uploads/<id>/data} (the bytes), {@code uploads/<id>/published} (our marker: handed to the pipeline), and
 * {@code locks/}. The layout is the library's; stage-download relies on it to remove an upload it took over.
 */
public class TusUploadStore implements AutoCloseable {

    static final String UPLOADS = "uploads";
    static final String DATA_FILE = "data";
    static final String PUBLISHED_MARKER = "published";

    private final Path storageDir;
    private final TusFileUploadService service;
    private final LockRefusals locks;
    private final DiskStorageService storage;
    private final ExecutorService syncer;

    public TusUploadStore(Path storageDir, long maxSize, long expiryMillis) throws IOException {
        this.storageDir = Files.createDirectories(storageDir).toRealPath();
        String path = this.storageDir.toString();
        this.locks = new LockRefusals(new DiskLockingService(path));
        this.syncer = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "tus-sync-behind");
            thread.setDaemon(true);
            return thread;
        });
        this.storage = new SyncBehindDiskStorage(this.storageDir, syncer);
        this.service = new TusFileUploadService()
                .withUploadUri(TusSettings.PATH)
                .withUploadStorageService(storage)
                .withUploadLockingService(locks)
                .withMaxUploadSize(maxSize)
                .withUploadExpirationPeriod(expiryMillis);
    }

    public Path storageDir() {
        return storageDir;
    }

    public Path uploadsDir() {
        return storageDir.resolve(UPLOADS);
    }

    TusFileUploadService service() {
        return service;
    }

    LockRefusals locks() {
        return locks;
    }

    /** The upload an upload URI (or URL path) names, if it exists and belongs to {@code owner}. */
    public Optional<UploadInfo> find(String uploadUri, String owner) throws IOException {
        try {
            return Optional.ofNullable(service.getUploadInfo(uploadUri, owner));
        } catch (TusException e) {
            return Optional.empty();
        }
    }

    /** The upload's info whoever owns it (the sweep), or null when it is gone. */
    UploadInfo infoOf(UploadId id) throws IOException {
        return storage.getUploadInfo(id);
    }

    public Path directory(UploadId id) {
        return uploadsDir().resolve(id.toString());
    }

    public Path dataFile(UploadId id) {
        return directory(id).resolve(DATA_FILE);
    }

    public boolean isPublished(UploadId id) {
        return Files.exists(directory(id).resolve(PUBLISHED_MARKER));
    }

    void markPublished(UploadId id) throws IOException {
        Path marker = directory(id).resolve(PUBLISHED_MARKER);
        if (!Files.exists(marker)) {
            Files.createFile(marker);
        }
    }

    /** Removes an upload (info, data, marker), as termination does. */
    public void delete(String uploadUri, String owner) throws IOException {
        try {
            service.deleteUpload(uploadUri, owner);
        } catch (TusException e) {
            // already gone or locked by a request in flight: the next sweep tries again
        }
    }

    @Override
    public void close() {
        syncer.shutdownNow();
    }
}
