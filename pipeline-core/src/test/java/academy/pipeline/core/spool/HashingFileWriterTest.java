package academy.pipeline.core.spool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashingFileWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesEveryByteAndHashesThemInOrderThroughTheRing() throws Exception {
        byte[] data = random(HashingFileWriter.BUFFER_SIZE * (HashingFileWriter.RING * 3) + 4321, 1);
        Path file = dir.resolve("out");
        List<Long> progress = new ArrayList<>();

        CopyResult result;
        try (HashingFileWriter writer = HashingFileWriter.create(file, progress::add)) {
            writer.transferFrom(new TrickleStream(data), -1);
            result = writer.finish();
        }

        assertThat(result).isEqualTo(new CopyResult(data.length, sha1(data)));
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        assertThat(progress).isSorted().last().isEqualTo((long) data.length);
    }

    @Test
    void resumingHashesThePrefixOnDiskAndCutsWhatFollowsIt() throws Exception {
        byte[] data = random(3 * HashingFileWriter.BUFFER_SIZE + 99, 2);
        int prefix = HashingFileWriter.BUFFER_SIZE + 12345;
        Path file = dir.resolve("part");
        byte[] onDisk = Arrays.copyOf(data, prefix + 1000);
        Arrays.fill(onDisk, prefix, onDisk.length, (byte) 7);
        Files.write(file, onDisk);

        CopyResult result;
        try (HashingFileWriter writer = HashingFileWriter.resume(file, prefix, bytes -> { })) {
            writer.transferFrom(new ByteArrayInputStream(data, prefix, data.length - prefix), -1);
            result = writer.finish();
        }

        assertThat(result).isEqualTo(new CopyResult(data.length, sha1(data)));
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
    }

    @Test
    void aBrokenStreamKeepsTheBytesThatArrivedBeforeTheBreak() throws Exception {
        byte[] data = random(HashingFileWriter.BUFFER_SIZE + 500_000, 3);
        Path file = dir.resolve("part");
        InputStream breaking = new SequenceInputStream(new ByteArrayInputStream(data), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        });

        try (HashingFileWriter writer = HashingFileWriter.create(file, bytes -> { })) {
            assertThatThrownBy(() -> writer.transferFrom(breaking, -1)).hasMessage("connection reset");
            assertThat(writer.size()).isEqualTo(data.length);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
    }

    @Test
    void aStreamLongerThanTheLimitFailsBeforeTheExcessIsWritten() throws Exception {
        byte[] data = random(1000, 4);
        Path file = dir.resolve("out");

        try (HashingFileWriter writer = HashingFileWriter.create(file, bytes -> { })) {
            assertThatThrownBy(() -> writer.transferFrom(new ByteArrayInputStream(data), 999))
                    .isInstanceOf(HashingFileWriter.TooLongException.class)
                    .hasMessageContaining("more than 999 bytes");
        }
        assertThat(Files.size(file)).isZero();
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static String sha1(byte[] data) {
        MessageDigest digest = StreamingCopy.newSha1();
        return HexFormat.of().formatHex(digest.digest(data));
    }

    /** Hands out at most 64 KiB per read, as a socket does, so buffers fill over many reads. */
    private static final class TrickleStream extends ByteArrayInputStream {
        TrickleStream(byte[] data) {
            super(data);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 64 * 1024));
        }
    }
}
