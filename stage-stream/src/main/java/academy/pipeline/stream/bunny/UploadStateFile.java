package academy.pipeline.stream.bunny;

import academy.pipeline.core.event.EventCodec;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The {@link UploadState} file beside the spooled recording, {@code <spool>/<recordingId>/.bunny-upload.json}.
 * Written to a temporary name and renamed, so a crash leaves the old state or the new one, never half of one.
 */
final class UploadStateFile {

    static final String NAME = ".bunny-upload.json";

    private final Path file;

    UploadStateFile(Path spooledFile) {
        this.file = spooledFile.resolveSibling(NAME);
    }

    Optional<UploadState> read() throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(EventCodec.mapper().readValue(Files.readString(file), UploadState.class));
        } catch (RuntimeException e) {
            // Unreadable state cannot name a video to resume: start over.
            return Optional.empty();
        }
    }

    void write(UploadState state) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(NAME + ".tmp");
        Files.writeString(temp, EventCodec.mapper().writeValueAsString(state));
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Where the state lives, for messages that ask an operator to look at it. */
    Path path() {
        return file;
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
