package academy.pipeline.gateway.tus;

import me.desair.tus.server.exception.TusException;
import me.desair.tus.server.exception.UploadAlreadyLockedException;
import me.desair.tus.server.upload.UploadId;
import me.desair.tus.server.upload.UploadIdFactory;
import me.desair.tus.server.upload.UploadLock;
import me.desair.tus.server.upload.UploadLockingService;

import java.io.IOException;

/**
 * Wraps the library's locking service to remember, per request thread, that a lock was refused. tus-java-server
 * swallows that refusal and answers nothing; the servlet turns it into 423 Locked, which tus clients retry.
 */
class LockRefusals implements UploadLockingService {

    private final UploadLockingService delegate;
    private final ThreadLocal<Boolean> refused = ThreadLocal.withInitial(() -> false);

    LockRefusals(UploadLockingService delegate) {
        this.delegate = delegate;
    }

    @Override
    public UploadLock lockUploadByUri(String requestUri) throws TusException, IOException {
        try {
            return delegate.lockUploadByUri(requestUri);
        } catch (UploadAlreadyLockedException e) {
            refused.set(true);
            throw e;
        }
    }

    /** Whether a lock was refused on this thread since the last call; resets the flag. */
    boolean takeRefused() {
        boolean value = refused.get();
        refused.remove();
        return value;
    }

    @Override
    public void cleanupStaleLocks() throws IOException {
        delegate.cleanupStaleLocks();
    }

    @Override
    public boolean isLocked(UploadId id) {
        return delegate.isLocked(id);
    }

    @Override
    public void setIdFactory(UploadIdFactory idFactory) {
        delegate.setIdFactory(idFactory);
    }
}
