package academy.pipeline.core.spool;

import academy.pipeline.core.event.RecordingIds;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.runtime.FatalStepException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The shared working area: {@code <root>/<recordingId>/<file>}. Files are written under a temporary name
 * ({@link #partFile}) and renamed into place when complete ({@link #commit}), so a file under its final
 * name is always whole.
 */
public final class Spool {

    private static final String PART_SUFFIX = ".part";

    private final Path root;

    public Spool(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create spool directory " + this.root, e);
        }
    }

    public Path root() {
        return root;
    }

    /** The recording's directory, created if missing. */
    public Path directory(String recordingId) throws IOException {
        return Files.createDirectories(root.resolve(RecordingIds.requireValid(recordingId)));
    }

    /** The final path of a file in the recording's directory; the name is reduced to a safe file name. */
    public Path file(String recordingId, String fileName) throws IOException {
        return directory(recordingId).resolve(SafeFileNames.sanitize(fileName));
    }

    /** The temporary name a file is written under until {@link #commit}. */
    public Path partFile(Path finalFile) {
        return finalFile.resolveSibling(finalFile.getFileName() + PART_SUFFIX);
    }

    /** Renames a completely written temporary file to its final name, atomically where the filesystem can. */
    public Path commit(Path partFile, Path finalFile) throws IOException {
        try {
            return Files.move(partFile, finalFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            return Files.move(partFile, finalFile, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Resolves a spooled file's relative path, refusing anything that would leave the spool. */
    public Path resolve(SpooledFile spooled) {
        Path path = root.resolve(spooled.path()).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("spooled path escapes the spool: " + spooled.path());
        }
        return path;
    }

    /**
     * The spooled file of a recording that must already be there (archive, stream).
     *
     * @throws FatalStepException when it is missing: a retry cannot bring it back, a replay of the download
     *                            stage can
     */
    public Path requireExisting(SpooledFile spooled) {
        Path file = resolve(spooled);
        if (!Files.isRegularFile(file)) {
            throw new FatalStepException("spooled file is missing: " + spooled.path()
                    + " (replay the download stage to fetch it again)");
        }
        return file;
    }

    /** The path stored in events: relative to the spool root. */
    public String relative(Path file) {
        return root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    public boolean exists(String recordingId) {
        return Files.isDirectory(root.resolve(RecordingIds.requireValid(recordingId)));
    }

    /** Deletes the recording's directory and everything in it; missing is fine (idempotent). */
    public void delete(String recordingId) throws IOException {
        Path dir = root.resolve(RecordingIds.requireValid(recordingId));
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteIfExists(Path path) throws IOException {
        try {
            Files.deleteIfExists(path);
        } catch (NoSuchFileException ignored) {
            // a concurrent delete got there first
        }
    }
}
