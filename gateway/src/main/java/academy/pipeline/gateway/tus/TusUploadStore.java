package academy.pipeline.gateway.tus;

import me.desair.tus.server.TusFileUploadService;
import me.desair.tus.server.exception.TusException;
import me.desair.tus.server.upload.UploadId;
import me.desair.tus.server.upload.UploadIdFactory;
import me.desair.tus.server.upload.UploadInfo;
import me.desair.tus.server.upload.UuidUploadIdFactory;
import me.desair.tus.server.upload.disk.DiskLockingService;
import me.desair.tus.server.upload.disk.DiskStorageService;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * tus-java-server's disk store under {@code <storageDir>}: {@code uploads/<id>/info} (the library's upload info),
 * {@code uploads/<id>/data} (the bytes), {@code uploads/<id>/published} (our marker: handed to the pipeline), and
 * {@code locks/}. The layout is the library's; stage-download relies on it to remove an upload it took over.
 *
 * <p>Reading an upload's info ({@link #read}) takes no lock: the info file is replaced whole by each update, so a
 * reader sees the offset of the last finished request (the durable one) while a PATCH is still writing.
 */
class TusUploadStore implements AutoCloseable {

    static final String UPLOADS = "uploads";
    static final String DATA_FILE = "data";
    static final String PUBLISHED_MARKER = "published";

    private final Path storageDir;
    private final TusFileUploadService service;
    private final UploadIdFactory ids = new UuidUploadIdFactory();
    private final UploadLocks locks;
    private final DiskStorageService storage;
    private final ExecutorService syncer;

    public TusUploadStore(Path storageDir, long maxSize, long expiryMillis) throws IOException {
        this.storageDir = Files.createDirectories(storageDir).toRealPath();
        String path = this.storageDir.toString();
        this.locks = new UploadLocks(new DiskLockingService(path));
        this.syncer = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "tus-sync-behind");
            thread.setDaemon(true);
            return thread;
        });
        this.storage = new SyncBehindDiskStorage(this.storageDir, syncer);
        this.service = new TusFileUploadService()
                .withUploadIdFactory(ids)
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

    UploadLocks locks() {
        return locks;
    }

    /** The id an upload URI or URL names, or null when it names none. */
    UploadId idOf(String uploadUri) {
        return uploadUri == null ? null : ids.readUploadId(uploadUri);
    }

    /** The upload an upload URI (or URL path) names, if it exists and belongs to {@code owner}; takes no lock. */
    public Optional<UploadInfo> find(String uploadUri, String owner) throws IOException {
        UploadId id = idOf(uploadUri);
        return id == null ? Optional.empty() : read(id, owner);
    }

    /** The upload's info if it exists and belongs to {@code owner}; takes no lock. */
    Optional<UploadInfo> read(UploadId id, String owner) throws IOException {
        UploadInfo info = storage.getUploadInfo(id);
        return info != null && Objects.equals(info.getOwnerKey(), owner) ? Optional.of(info) : Optional.empty();
    }

    /** Every upload {@code owner} has in the store (finished or not, published or not). */
    List<UploadInfo> uploadsOf(String owner) throws IOException {
        List<UploadInfo> found = new ArrayList<>();
        if (!Files.isDirectory(uploadsDir())) {
            return found;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(uploadsDir())) {
            for (Path dir : dirs) {
                UploadId id = idOf(TusSettings.PATH + "/" + dir.getFileName());
                if (id != null) {
                    try {
                        read(id, owner).ifPresent(found::add);
                    } catch (IOException e) {
                        // removed meanwhile, or half written: not counted
                    }
                }
            }
        }
        return found;
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

    /** Marks the upload handed over; nothing when stage-download has already taken it over (and removed it). */
    void markPublished(UploadId id) throws IOException {
        Path marker = directory(id).resolve(PUBLISHED_MARKER);
        try {
            Files.createFile(marker);
        } catch (FileAlreadyExistsException | NoSuchFileException e) {
            // marked before, or the directory is gone: taken over by stage-download right after publishing
        }
    }

    /** Removes an upload (info, data, marker), as termination does; nothing when another request holds it. */
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
