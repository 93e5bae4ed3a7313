package academy.pipeline.download.zoom;

import academy.pipeline.core.spool.StreamingCopy;
import academy.pipeline.core.spool.TransferListener;
import org.springframework.core.io.buffer.DataBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Writes a download into its {@code .part} file and hashes it on the way. Resuming keeps the bytes already on
 * disk and re-reads them once to bring the SHA-1 up to date, so the digest always covers the whole file.
 * Holds no file bytes beyond the buffer being written.
 */
final class PartFileWriter implements AutoCloseable {

    private final FileChannel channel;
    private final MessageDigest sha1;
    private final TransferListener listener;
    private long size;

    private PartFileWriter(FileChannel channel, MessageDigest sha1, long size, TransferListener listener) {
        this.channel = channel;
        this.sha1 = sha1;
        this.size = size;
        this.listener = listener;
    }

    /** Bytes already in a part file from an earlier attempt; 0 when there is none. */
    static long existing(Path part) throws IOException {
        return Files.exists(part) ? Files.size(part) : 0;
    }

    /** Starts over: truncates (or creates) the part file. */
    static PartFileWriter restart(Path part, TransferListener listener) throws IOException {
        FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        return new PartFileWriter(channel, StreamingCopy.newSha1(), 0, listener);
    }

    /** Continues after the first {@code offset} bytes of the part file, hashing them first; later bytes are cut. */
    static PartFileWriter resume(Path part, long offset, TransferListener listener) throws IOException {
        MessageDigest sha1 = StreamingCopy.newSha1();
        ByteBuffer buffer = ByteBuffer.allocate(StreamingCopy.BUFFER_SIZE);
        FileChannel channel = FileChannel.open(part, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            channel.truncate(offset);
            long read = 0;
            while (read < offset) {
                int n = channel.read(buffer, read);
                if (n < 0) {
                    throw new IOException("part file shrank while resuming: " + read + " of " + offset + " bytes");
                }
                buffer.flip();
                sha1.update(buffer);
                buffer.clear();
                read += n;
            }
            channel.position(offset);
            return new PartFileWriter(channel, sha1, offset, listener);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Appends the buffer's readable bytes. Does not release it. */
    void write(DataBuffer buffer) throws IOException {
        try (DataBuffer.ByteBufferIterator chunks = buffer.readableByteBuffers()) {
            while (chunks.hasNext()) {
                ByteBuffer chunk = chunks.next();
                sha1.update(chunk.duplicate());
                while (chunk.hasRemaining()) {
                    size += channel.write(chunk);
                }
            }
        }
        listener.transferred(size);
    }

    long size() {
        return size;
    }

    String sha1Hex() {
        return HexFormat.of().formatHex(sha1.digest());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
