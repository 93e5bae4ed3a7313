package academy.pipeline.gateway.tus;

import me.desair.tus.server.exception.InvalidUploadOffsetException;
import me.desair.tus.server.exception.TusException;
import me.desair.tus.server.exception.UploadNotFoundException;
import me.desair.tus.server.upload.UploadInfo;
import me.desair.tus.server.upload.disk.DiskStorageService;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * tus-java-server's disk store with a different way of appending a PATCH body. The library copies through 8 KiB
 * and then forces the whole request's bytes to disk before answering, which stalls every request for the full
 * writeback (a 1 GiB body: seconds after the last byte arrived). Here the body is copied through a fixed 256 KiB
 * buffer, filled before each write, and the written bytes are forced to disk behind the copy, by another thread, every
 * {@value #SYNC_EVERY} bytes and at the end of each request, so disk writeback overlaps receiving. The request that completes the upload still
 * forces everything before it returns, so a finished upload is on disk before it is published. An unfinished one
 * may lose its unsynced tail on power loss; the offset then reported is re-read from the file (the client resumes
 * from there).
 *
 * <p>The upload info is replaced whole (written beside, then renamed over), so a reader that takes no lock (a HEAD,
 * the sweep, a creation counting the grant's uploads) sees either the previous or the new info, never a torn one.
 */
class SyncBehindDiskStorage extends DiskStorageService {

    static final int BUFFER_SIZE = 256 * 1024;
    static final long SYNC_EVERY = 32L * 1024 * 1024;
    static final int MAX_PENDING_SYNCS = 8;
    static final String INFO_FILE = "info";
    private static final ObjectInputFilter INFO_CLASSES = ObjectInputFilter.Config.createFilter(
            "me.desair.tus.server.upload.*;java.lang.*;java.util.*;maxdepth=10;!*");

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
        UploadInfo info = readInfo(id);
        if (info != null && info.getUploadType() != me.desair.tus.server.upload.UploadType.CONCATENATED) {
            Path data = dataFile(info);
            // after a power loss the info may claim bytes the data file never got: trust the file
            if (Files.exists(data) && Files.size(data) < info.getOffset()) {
                info.setOffset(Files.size(data));
            }
        }
        return info;
    }

    /**
     * Reads the info without the library's shared file lock: two threads of one JVM taking it on the same file fail
     * with {@code OverlappingFileLockException}, and {@link #update} never leaves a torn file to guard against.
     */
    private UploadInfo readInfo(me.desair.tus.server.upload.UploadId id) throws IOException {
        if (id == null) {
            return null;
        }
        Path path = uploadsDir.resolve(id.toString()).resolve(INFO_FILE);
        try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(Files.newInputStream(path)))) {
            in.setObjectInputFilter(INFO_CLASSES);
            return (UploadInfo) in.readObject();
        } catch (NoSuchFileException e) {
            return null;
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IOException("unreadable upload info " + path, e);
        }
    }

    @Override
    public void update(UploadInfo info) throws IOException, UploadNotFoundException {
        Path dir = uploadsDir.resolve(info.getId().toString());
        if (!Files.isDirectory(dir)) {
            throw new UploadNotFoundException("The upload for id " + info.getId() + " was not found.");
        }
        Path temp = dir.resolve(INFO_FILE + ".tmp-" + java.util.UUID.randomUUID());
        try (ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)))) {
            out.writeObject(info);
        }
        Files.move(temp, dir.resolve(INFO_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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

    /**
     * Copies the body to the file in whole buffers: the container hands a body over in socket-read pieces (8 KiB in
     * Tomcat), and writing each piece on its own would cost a write call per piece. When the body fails midway (the
     * client went away), what arrived is still written, so the client resumes after it.
     */
    private long copy(InputStream body, FileChannel file, long offset, long max, Path data) throws IOException {
        byte[] bytes = new byte[BUFFER_SIZE];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long position = offset;
        long unsynced = 0;
        try {
            boolean ended = false;
            while (!ended && position < max) {
                int length = (int) Math.min(bytes.length, max - position);
                int filled = 0;
                IOException failure = null;
                try {
                    while (filled < length) {
                        int n = body.read(bytes, filled, length - filled);
                        if (n < 0) {
                            ended = true;
                            break;
                        }
                        filled += n;
                    }
                } catch (IOException e) {
                    failure = e;
                }
                buffer.clear().limit(filled);
                while (buffer.hasRemaining()) {
                    position += file.write(buffer, position);
                }
                unsynced += filled;
                if (failure != null) {
                    throw failure;
                }
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
