package academy.pipeline.core.spool;

/** Told how many bytes a transfer has moved so far. Implementations rate-limit what they report. */
@FunctionalInterface
public interface TransferListener {

    TransferListener NONE = bytesSoFar -> { };

    /**
     * @param bytesSoFar total bytes moved since the transfer started (including any resumed prefix)
     * @throws java.io.InterruptedIOException to abort the transfer (step deadline passed, shutdown)
     */
    void transferred(long bytesSoFar) throws java.io.IOException;
}
