package academy.pipeline.gateway.tus;

import me.desair.tus.server.exception.TusException;
import me.desair.tus.server.exception.UploadAlreadyLockedException;
import me.desair.tus.server.upload.UploadId;
import me.desair.tus.server.upload.UploadIdFactory;
import me.desair.tus.server.upload.UploadLock;
import me.desair.tus.server.upload.UploadLockingService;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The locks of uploads (key {@code upload:<id>}) and of ace_ids (key {@code ace:<ace_id>}): one reentrant lock per
 * key, held by the request thread for the span of a try-with-resources block and released in its {@code close}, so
 * nothing about a lock outlives the request that took it. The outermost hold of an upload also takes the library's
 * file lock ({@code locks/<id>}), which keeps a second process off the same storage directory.
 *
 * <p>As the library's {@link UploadLockingService} it only re-enters a lock the request thread already holds, or
 * takes a free one; it never waits. The servlet takes the lock of an upload before it hands a request to the library,
 * so the library's own lock call always succeeds; a request that meets a busy upload is answered by the servlet.
 * Lock order: an upload, then an ace_id; never the other way round while waiting.
 */
class UploadLocks implements UploadLockingService {

    /** The lock could not be taken within the wait. */
    static class BusyException extends Exception {
        BusyException(String key) {
            super(key + " is busy");
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final UploadLockingService disk;
    private UploadIdFactory idFactory;

    UploadLocks(UploadLockingService disk) {
        this.disk = disk;
    }

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
        UploadLock diskLock;
    }

    /** A held lock; {@link #close()} releases this hold. */
    final class Hold implements AutoCloseable, UploadLock {
        private final String key;
        private final String uploadUri;
        private final Entry entry;
        private boolean closed;

        private Hold(String key, String uploadUri, Entry entry) {
            this.key = key;
            this.uploadUri = uploadUri;
            this.entry = entry;
        }

        @Override
        public String getUploadUri() {
            return uploadUri;
        }

        @Override
        public void release() {
            close();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (entry.lock.getHoldCount() == 1 && entry.diskLock != null) {
                    UploadLock diskLock = entry.diskLock;
                    entry.diskLock = null;
                    diskLock.release();
                }
            } finally {
                entry.lock.unlock();
                leave(key, entry);
            }
        }
    }

    static String uploadKey(UploadId id) {
        return "upload:" + id;
    }

    static String aceKey(String aceId) {
        return "ace:" + aceId;
    }

    /** Takes the lock of an upload, waiting at most {@code wait} for another request to release it. */
    Hold upload(UploadId id, Duration wait) throws BusyException {
        return acquire(uploadKey(id), TusSettings.PATH + "/" + id, wait);
    }

    /** Takes the lock of an upload if it is free (or already held by this thread). */
    Optional<Hold> tryUpload(UploadId id) {
        try {
            return Optional.of(upload(id, Duration.ZERO));
        } catch (BusyException e) {
            return Optional.empty();
        }
    }

    /** Takes the lock of an ace_id (creations and completions of one grant's recording). */
    Hold ace(String aceId, Duration wait) throws BusyException {
        return acquire(aceKey(aceId), null, wait);
    }

    private Hold acquire(String key, String uploadUri, Duration wait) throws BusyException {
        Entry entry = entries.compute(key, (k, existing) -> {
            Entry e = existing != null ? existing : new Entry();
            e.users++;
            return e;
        });
        boolean locked = false;
        try {
            locked = entry.lock.tryLock() || entry.lock.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (!locked) {
                throw new BusyException(key);
            }
            if (uploadUri != null && entry.lock.getHoldCount() == 1) {
                entry.diskLock = disk.lockUploadByUri(uploadUri);
            }
            return new Hold(key, uploadUri, entry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException(key);
        } catch (TusException | IOException | RuntimeException e) {
            if (locked) {
                entry.lock.unlock();
                locked = false;
            }
            throw new BusyException(key);
        } finally {
            if (!locked) {
                leave(key, entry);
            }
        }
    }

    private void leave(String key, Entry entry) {
        entries.computeIfPresent(key, (k, e) -> --e.users == 0 ? null : e);
    }

    /** Whether any request holds the lock of this key (tests). */
    boolean isHeld(String key) {
        Entry entry = entries.get(key);
        return entry != null && entry.lock.isLocked();
    }

    @Override
    public UploadLock lockUploadByUri(String requestUri) throws TusException, IOException {
        UploadId id = idFactory.readUploadId(requestUri);
        if (id == null) {
            return null;
        }
        try {
            return upload(id, Duration.ZERO);
        } catch (BusyException e) {
            throw new UploadAlreadyLockedException("upload " + id + " is being written by another request");
        }
    }

    @Override
    public void cleanupStaleLocks() throws IOException {
        disk.cleanupStaleLocks();
    }

    @Override
    public boolean isLocked(UploadId id) {
        return isHeld(uploadKey(id)) || disk.isLocked(id);
    }

    @Override
    public void setIdFactory(UploadIdFactory idFactory) {
        this.idFactory = idFactory;
        disk.setIdFactory(idFactory);
    }
}
