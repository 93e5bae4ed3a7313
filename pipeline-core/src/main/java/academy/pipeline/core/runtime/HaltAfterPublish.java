package academy.pipeline.core.runtime;

import academy.pipeline.core.event.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Test-only fault injection ({@code pipeline.testing.halt-after-publish=<stage>,...}): the process halts with
 * {@link Runtime#halt} (no shutdown hook, no commit, nothing flushed) exactly between a stage's publish of its
 * result and the commit of its input offset: the window a SIGKILL can hit in production. Each listed stage halts
 * once per data directory, remembered by a marker file {@code <data-dir>/testing/halted-after-publish-<stage>},
 * so the restarted process goes on. Unset (the default), it does nothing.
 */
final class HaltAfterPublish {

    /** Exit status of the halted process, as after a SIGKILL. */
    static final int STATUS = 137;

    private static final Logger log = LoggerFactory.getLogger(HaltAfterPublish.class);

    private final Set<Stage> stages;
    private final Path markers;

    HaltAfterPublish(Set<Stage> stages, Path dataDir) {
        this.stages = Set.copyOf(stages);
        this.markers = dataDir.resolve("testing");
    }

    void afterPublish(Stage stage) {
        if (!stages.contains(stage)) {
            return;
        }
        Path marker = markers.resolve("halted-after-publish-" + stage.id());
        try {
            Files.createDirectories(markers);
            Files.createFile(marker);
        } catch (FileAlreadyExistsException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.warn("stage={} outcome=halted reason=\"pipeline.testing.halt-after-publish: halting between publish and commit\"",
                stage.id());
        Runtime.getRuntime().halt(STATUS);
    }
}
