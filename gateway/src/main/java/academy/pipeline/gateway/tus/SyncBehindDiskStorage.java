package academy.pipeline.gateway.tus;

import me.desair.tus.server.exception.InvalidUploadOffsetException;
import me.desair.tus.server.exception.TusException;
import me.desair.tus.server.exception.UploadNotFoundException;
import me.desair.tus.server.upload.UploadInfo;
import me.desair.tus.server.upload.disk.DiskStorageService;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * tus-java-server's disk store with a different way of appending a PATCH body. The library copies through 8 KiB
 * and then forces the whole request's bytes to disk before answering, which stalls every request for the full
 * writeback (a 1 GiB body: seconds after the last byte arrived). Here the body is copied through a fixed 256 KiB
 * buffer, and the written bytes are forced to disk behind the copy, by another thread, every
 * {@value #SYNC_EVERY} bytes and at the end of each request, so disk writeback overlaps receiving. The request that completes the upload still
 * forces everything before it returns, so a finished upload is on disk before it is published. An unfinished one
 * may lose its unsynced tail on power loss; the offset then reported is re-read from the file (the client resumes
 * from there).
 */
class SyncBehindDiskStorage extends DiskStorageService {

    static final int BUFFER_SIZE = 256 * 1024;
    static final long SYNC_EVERY = 32L * 1024 * 1024;
    static final int MAX_PENDING_SYNCS = 8;

    private final Path uploadsDir;
    private final ExecutorService syncer;
    private final AtomicInteger pendingSyncs = new AtomicInteger();

    SyncBehindDiskStorage(Path storageDir, ExecutorService syncer) {
        super(storageDir.toString());
        this.uploadsDir = storageDir.resolve(TusUploadStore.UPLOADS);
        this.syncer = syncer;
    }

    @Override
    public UploadInfo getUploadInfo(me.desair.tus.server.upload.UploadId id) throws IOException {
        UploadInfo info = super.getUploadInfo(id);
        if (info != null && info.getUploadType() != me.desair.tus.server.upload.UploadType.CONCATENATED) {
            Path data = dataFile(info);
            // after a power loss the info may claim bytes the data file never got: trust the file
            if (Files.exists(data) && Files.size(data) < info.getOffset()) {
                info.setOffset(Files.size(data));
            }
        }
        return info;
    }

    @Override
    public UploadInfo append(UploadInfo info, InputStream body) throws IOException, TusException {
        if (info == null) {
            return null;
        }
        Path data = dataFile(info);
        if (!Files.exists(data)) {
            throw new UploadNotFoundException("The upload for id " + info.getId() + " was not found.");
        }
        long max = getMaxUploadSize() > 0 ? getMaxUploadSize() : Long.MAX_VALUE;
        long offset = info.getOffset();
        long position = offset;
        try (FileChannel file = FileChannel.open(data, StandardOpenOption.WRITE)) {
            try {
                file.lock();
                if (offset != file.size()) {
                    throw new InvalidUploadOffsetException("The upload offset does not correspond to the written"
                            + " bytes. You can only append to the end of an upload");
                }
                position = copy(body, file, offset, max, data);
                if (info.getLength() != null && position == info.getLength()) {
                    file.force(false);
                }
            } catch (IOException | RuntimeException | TusException e) {
                position = file.size();
                throw e;
            }
        } finally {
            info.setOffset(position);
            update(info);
        }
        return info;
    }

    private long copy(InputStream body, FileChannel file, long offset, long max, Path data) throws IOException {
        byte[] bytes = new byte[BUFFER_SIZE];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long position = offset;
        long unsynced = 0;
        try {
            int n;
            while (position < max && (n = body.read(bytes, 0, (int) Math.min(bytes.length, max - position))) != -1) {
                buffer.clear().limit(n);
                while (buffer.hasRemaining()) {
                    position += file.write(buffer, position);
                }
                unsynced += n;
                if (unsynced >= SYNC_EVERY) {
                    unsynced = 0;
                    syncBehind(data);
                }
            }
            return position;
        } finally {
            if (unsynced > 0) {
                syncBehind(data);
            }
        }
    }

    /**
     * Asks another thread to force the file's written bytes to disk, through its own channel (an fsync on any
     * descriptor flushes the file), so the request goes on receiving meanwhile. Skipped while enough are queued.
     */
    private void syncBehind(Path data) {
        if (pendingSyncs.get() >= MAX_PENDING_SYNCS) {
            return;
        }
        pendingSyncs.incrementAndGet();
        syncer.execute(() -> {
            try (FileChannel channel = FileChannel.open(data, StandardOpenOption.WRITE)) {
                channel.force(false);
            } catch (IOException e) {
                // the upload was removed meanwhile, or the disk fails: the completing request forces and fails loudly
            } finally {
                pendingSyncs.decrementAndGet();
            }
        });
    }

    private Path dataFile(UploadInfo info) {
        return uploadsDir.resolve(info.getId().toString()).resolve(TusUploadStore.DATA_FILE);
    }
}
