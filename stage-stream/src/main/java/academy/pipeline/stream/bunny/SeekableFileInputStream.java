package academy.pipeline.stream.bunny;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file stream whose mark/reset is a file position. tus-java-client marks the start of every request so it
 * can rewind; given a stream without mark support it wraps it in a {@code BufferedInputStream} that grows to a
 * whole request (tens of MB per upload). This one holds no buffer at all.
 */
final class SeekableFileInputStream extends InputStream {

    private final FileChannel channel;
    private long mark;

    SeekableFileInputStream(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        return channel.read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public long skip(long n) throws IOException {
        long position = channel.position();
        long skipped = Math.max(0, Math.min(n, channel.size() - position));
        channel.position(position + skipped);
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, channel.size() - channel.position()));
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public synchronized void mark(int readLimit) {
        try {
            mark = channel.position();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void reset() throws IOException {
        channel.position(mark);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
