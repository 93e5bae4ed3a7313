package academy.pipeline.core.spool;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Writes a stream into a file while a second thread computes the SHA-1 of the same bytes, so hashing overlaps
 * the network read and the disk write instead of adding to them. The bytes move through a bounded ring of
 * {@value #RING} buffers of {@value #BUFFER_SIZE} bytes: the caller's thread fills a buffer, writes it to the
 * file and hands it to the hashing thread, which gives it back once digested. Memory stays at the ring's size
 * whatever the file size. {@link #finish} forces the file to disk once, at the end.
 *
 * <p>Not thread-safe: one caller thread writes, then finishes or closes.
 */
public final class HashingFileWriter implements AutoCloseable {

    public static final int BUFFER_SIZE = 1024 * 1024;
    static final int RING = 4;

    private final FileChannel channel;
    private final TransferListener listener;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(RING);
    private final BlockingQueue<Chunk> toHash = new ArrayBlockingQueue<>(RING + 1);
    private final MessageDigest sha1 = StreamingCopy.newSha1();
    private final Thread hasher;
    private volatile Throwable hashFailure;
    private long size;
    private boolean ended;

    private HashingFileWriter(FileChannel channel, TransferListener listener) {
        this.channel = channel;
        this.listener = listener;
        for (int i = 0; i < RING; i++) {
            free.add(new byte[BUFFER_SIZE]);
        }
        hasher = new Thread(this::hashUntilEnd, "sha1-" + Thread.currentThread().getName());
        hasher.setDaemon(true);
        hasher.start();
    }

    /** Starts a new file, truncating whatever is there. */
    public static HashingFileWriter create(Path file, TransferListener listener) throws IOException {
        return new HashingFileWriter(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), listener);
    }

    /**
     * Continues a file after its first {@code offset} bytes (later bytes are cut): those are read back once and
     * hashed, so the digest always covers the whole file.
     */
    public static HashingFileWriter resume(Path file, long offset, TransferListener listener) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        HashingFileWriter writer = new HashingFileWriter(channel, listener);
        try {
            channel.truncate(offset);
            writer.hashExisting(offset);
            channel.position(offset);
            return writer;
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    private void hashExisting(long offset) throws IOException {
        while (size < offset) {
            byte[] buffer = takeFree();
            ByteBuffer wrapped = ByteBuffer.wrap(buffer, 0, (int) Math.min(buffer.length, offset - size));
            while (wrapped.hasRemaining()) {
                if (channel.read(wrapped, size + wrapped.position()) < 0) {
                    free.add(buffer);
                    throw new IOException("file shrank while resuming: " + (size + wrapped.position()) + " of "
                            + offset + " bytes");
                }
            }
            toHash.add(new Chunk(buffer, wrapped.position()));
            size += wrapped.position();
        }
    }

    /**
     * Appends everything {@code in} yields until its end.
     *
     * @param limit most bytes the file may reach; one more byte read fails with {@link TooLongException}
     *              before it is written (-1: no limit)
     * @return the file's size afterwards
     */
    public long transferFrom(InputStream in, long limit) throws IOException {
        while (true) {
            byte[] buffer = takeFree();
            int filled = 0;
            try {
                int n;
                while (filled < buffer.length && (n = in.read(buffer, filled, buffer.length - filled)) >= 0) {
                    filled += n;
                }
            } catch (IOException e) {
                // keep what arrived before the failure, so a resumed transfer continues from the last byte
                append(buffer, filled, limit);
                throw e;
            }
            if (filled == 0) {
                free.add(buffer);
                return size;
            }
            append(buffer, filled, limit);
        }
    }

    /** Writes the buffer's first {@code length} bytes and hands it to the hashing thread. */
    private void append(byte[] buffer, int length, long limit) throws IOException {
        if (length == 0) {
            free.add(buffer);
            return;
        }
        if (limit >= 0 && size + length > limit) {
            free.add(buffer);
            throw new TooLongException(limit, size + length);
        }
        ByteBuffer wrapped = ByteBuffer.wrap(buffer, 0, length);
        while (wrapped.hasRemaining()) {
            channel.write(wrapped);
        }
        toHash.add(new Chunk(buffer, length));
        size += length;
        listener.transferred(size);
    }

    public long size() {
        return size;
    }

    /** Waits for the hash of every byte written, forces the file to disk, and describes it. */
    public CopyResult finish() throws IOException {
        endHashing();
        if (hashFailure != null) {
            throw new IOException("hashing failed", hashFailure);
        }
        channel.force(false);
        return new CopyResult(size, HexFormat.of().formatHex(sha1.digest()));
    }

    @Override
    public void close() throws IOException {
        try {
            endHashing();
        } finally {
            channel.close();
        }
    }

    private void endHashing() throws InterruptedIOException {
        if (!ended) {
            ended = true;
            toHash.add(Chunk.END);
        }
        try {
            hasher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            hasher.interrupt();
            throw new InterruptedIOException("interrupted while the SHA-1 was being finished");
        }
    }

    private byte[] takeFree() throws IOException {
        try {
            byte[] buffer = free.take();
            if (hashFailure != null) {
                throw new IOException("hashing failed", hashFailure);
            }
            return buffer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing " + size + " bytes");
        }
    }

    /** Digests chunks in order until the end marker, giving every buffer back; a failure is kept for the writer. */
    private void hashUntilEnd() {
        try {
            for (Chunk chunk = toHash.take(); chunk != Chunk.END; chunk = toHash.take()) {
                try {
                    if (hashFailure == null) {
                        sha1.update(chunk.buffer(), 0, chunk.length());
                    }
                } catch (RuntimeException | Error e) {
                    hashFailure = e;
                } finally {
                    free.add(chunk.buffer());
                }
            }
        } catch (InterruptedException e) {
            hashFailure = e;
        }
    }

    private record Chunk(byte[] buffer, int length) {
        static final Chunk END = new Chunk(new byte[0], 0);
    }

    /** The stream yielded more bytes than the file may hold. */
    public static final class TooLongException extends IOException {
        private final long limit;
        private final long reached;

        TooLongException(long limit, long reached) {
            super("more than " + limit + " bytes: at least " + reached);
            this.limit = limit;
            this.reached = reached;
        }

        public long limit() {
            return limit;
        }

        public long reached() {
            return reached;
        }
    }
}
