package academy.pipeline.core.spool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class StreamingCopyTest {

    @TempDir
    Path dir;

    @Test
    void copyReportsSizeAndSha1OfExactlyTheBytesWritten() throws Exception {
        byte[] data = new byte[StreamingCopy.BUFFER_SIZE * 3 + 17];
        new Random(1).nextBytes(data);
        List<Long> progress = new ArrayList<>();

        CopyResult result = StreamingCopy.copy(new ByteArrayInputStream(data), dir.resolve("out"), progress::add);

        assertThat(result.size()).isEqualTo(data.length);
        assertThat(result.sha1()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data)));
        assertThat(Files.readAllBytes(dir.resolve("out"))).isEqualTo(data);
        assertThat(progress).isSorted().last().isEqualTo((long) data.length);
    }

    @Test
    void sha1OfAFileMatchesTheCopyOfIt() throws Exception {
        byte[] data = new byte[1_000_003];
        new Random(2).nextBytes(data);
        Path source = Files.write(dir.resolve("src"), data);

        CopyResult copied = StreamingCopy.copy(source, dir.resolve("dst"), TransferListener.NONE);

        assertThat(StreamingCopy.sha1(dir.resolve("dst"), TransferListener.NONE)).isEqualTo(copied);
    }

    @Test
    void anEmptyFileHasTheWellKnownEmptySha1() throws Exception {
        CopyResult result = StreamingCopy.sha1(Files.createFile(dir.resolve("empty")), TransferListener.NONE);

        assertThat(result).isEqualTo(new CopyResult(0, "da39a3ee5e6b4b0d3255bfef95601890afd80709"));
    }
}
