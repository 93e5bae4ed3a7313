package academy.pipeline.core.spool;

import academy.pipeline.core.event.SpooledFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpoolTest {

    @TempDir
    Path root;

    @Test
    void aFileAppearsUnderItsFinalNameOnlyWhenCommitted() throws Exception {
        Spool spool = new Spool(root);
        Path target = spool.file("rec-1", "lecture.mp4");
        Path part = spool.partFile(target);
        Files.writeString(part, "bytes");

        assertThat(target).doesNotExist();
        spool.commit(part, target);

        assertThat(target).hasContent("bytes");
        assertThat(part).doesNotExist();
        assertThat(spool.relative(target)).isEqualTo("rec-1/lecture.mp4");
    }

    @Test
    void namesFromOutsideCannotLeaveTheRecordingsDirectory() throws Exception {
        Spool spool = new Spool(root);

        assertThat(spool.file("rec-1", "../../etc/passwd")).isEqualTo(root.resolve("rec-1/passwd"));
        assertThat(spool.file("rec-1", "..")).isEqualTo(root.resolve("rec-1/recording"));
        assertThatThrownBy(() -> spool.resolve(new SpooledFile("../outside", 1, "x", null, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> spool.directory("../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deletingARecordingRemovesItsDirectoryAndIsIdempotent() throws Exception {
        Spool spool = new Spool(root);
        Files.writeString(spool.file("rec-2", "a.mp4"), "a");
        Files.writeString(spool.partFile(spool.file("rec-2", "b.mp4")), "b");

        spool.delete("rec-2");
        spool.delete("rec-2");

        assertThat(root.resolve("rec-2")).doesNotExist();
        assertThat(spool.exists("rec-2")).isFalse();
    }
}
