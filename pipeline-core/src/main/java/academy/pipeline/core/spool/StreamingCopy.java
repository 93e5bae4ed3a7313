package academy.pipeline.core.spool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Streaming copies with a fixed buffer that compute size and SHA-1 in the same pass. Nothing here ever
 * holds more than {@link #BUFFER_SIZE} bytes of a file.
 */
public final class StreamingCopy {

    public static final int BUFFER_SIZE = 256 * 1024;

    private StreamingCopy() {
    }

    /** Copies a stream into a new file (truncating it), hashing as it goes. */
    public static CopyResult copy(InputStream in, Path target, TransferListener listener) throws IOException {
        MessageDigest sha1 = newSha1();
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            long total = pump(in, out, sha1, 0, listener);
            return new CopyResult(total, HexFormat.of().formatHex(sha1.digest()));
        }
    }

    /** Copies a file to a new file with a streaming read, hashing as it goes. */
    public static CopyResult copy(Path source, Path target, TransferListener listener) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            return copy(in, target, listener);
        }
    }

    /** Hashes a file with one streaming read. */
    public static CopyResult sha1(Path file, TransferListener listener) throws IOException {
        MessageDigest sha1 = newSha1();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
        long total = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            int n;
            while ((n = channel.read(buffer)) != -1) {
                buffer.flip();
                sha1.update(buffer);
                buffer.clear();
                total += n;
                listener.transferred(total);
            }
        }
        return new CopyResult(total, HexFormat.of().formatHex(sha1.digest()));
    }

    /**
     * Pumps {@code in} into {@code out} and feeds every byte to {@code digest}.
     *
     * @param alreadyDone bytes already transferred before this call (a resumed transfer), for the listener
     * @return bytes pumped by this call
     */
    public static long pump(InputStream in, OutputStream out, MessageDigest digest, long alreadyDone,
                            TransferListener listener) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            out.write(buffer, 0, n);
            if (digest != null) {
                digest.update(buffer, 0, n);
            }
            total += n;
            listener.transferred(alreadyDone + total);
        }
        return total;
    }

    public static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-1", e);
        }
    }
}
