package academy.pipeline.archive.b2;

import academy.pipeline.core.spool.TransferListener;
import com.backblaze.b2.client.structures.B2UploadListener;
import com.backblaze.b2.client.structures.B2UploadProgress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Adds up the SDK's per-part progress (parts upload on several threads) into one byte count for the step's
 * {@link TransferListener}, which rate-limits the status events. When the listener aborts the transfer (the step's
 * deadline passed) the abort is thrown into the SDK's upload thread, which fails the upload, and kept so the
 * caller can report it instead of the SDK's wrapper.
 */
final class UploadProgress implements B2UploadListener {

    private final TransferListener listener;
    private final Map<Integer, Long> bytesPerPart = new HashMap<>();
    private long total;
    private volatile IOException abort;

    UploadProgress(TransferListener listener) {
        this.listener = listener;
    }

    @Override
    public synchronized void progress(B2UploadProgress progress) {
        Long before = bytesPerPart.put(progress.getPartIndex(), progress.getBytesSoFar());
        total += progress.getBytesSoFar() - (before == null ? 0 : before);
        try {
            listener.transferred(total);
        } catch (IOException e) {
            abort = e;
            throw new UncheckedIOException(e);
        }
    }

    /** The listener's abort, if it aborted the upload. */
    IOException abort() {
        return abort;
    }
}
