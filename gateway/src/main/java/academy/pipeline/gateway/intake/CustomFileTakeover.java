package academy.pipeline.gateway.intake;

import academy.pipeline.core.spool.Spool;
import academy.pipeline.gateway.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;

/**
 * Takes an operator's file into the spool while the {@code /custom-upload} request is being answered, so no
 * later swap of the file or of a folder on its path can change what the pipeline ships. The path is walked from
 * its allowed directory one component at a time relative to the folder opened before, never following a
 * symlink ({@link SecureDirectoryStream}, openat with O_NOFOLLOW); the file must be a regular file (not a
 * symlink, FIFO, device or folder). It is then hard-linked into {@code <spool>/<recordingId>/} and the link is
 * checked to be the very file that was inspected (same device and inode), or, when a link is not possible
 * (another filesystem, protected_hardlinks), streamed from a channel opened through the same walk. Written
 * under the spool's part name and renamed, so the spool only ever holds a complete file.
 */
class CustomFileTakeover {

    private static final Logger log = LoggerFactory.getLogger(CustomFileTakeover.class);
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** The file in the spool and its size. */
    record Taken(Path spoolFile, long size) {
    }

    private final AllowedDirectories allowed;
    private final Spool spool;

    CustomFileTakeover(AllowedDirectories allowed, Spool spool) {
        this.allowed = allowed;
        this.spool = spool;
    }

    /**
     * @throws ApiException 400/403/404 as {@link AllowedDirectories#requireAllowedFile}, 403 {@code symlink_refused}
     *                      when any component of the path is a symlink, 409 {@code file_changed} when the file
     *                      was replaced while being taken
     */
    Taken take(String candidate, String recordingId) throws IOException {
        allowed.requireAllowedFile(candidate);
        Path path = Path.of(candidate).normalize();
        Path root = allowed.roots().stream().filter(path::startsWith).findFirst()
                .orElseThrow(() -> symlinkRefused(candidate));
        Path relative = root.relativize(path);
        if (relative.getNameCount() == 0 || relative.toString().isEmpty()) {
            throw ApiException.badRequest("not_a_regular_file", "not a regular file: " + candidate);
        }
        try (DirectoryStream<Path> rootStream = Files.newDirectoryStream(root)) {
            if (!(rootStream instanceof SecureDirectoryStream<Path> rootDir)) {
                throw new IllegalStateException("custom-upload needs a filesystem with secure directory streams");
            }
            return takeFrom(rootDir, relative, path, candidate, recordingId);
        }
    }

    private Taken takeFrom(SecureDirectoryStream<Path> dir, Path relative, Path path, String candidate,
                           String recordingId) throws IOException {
        if (relative.getNameCount() > 1) {
            Path next = relative.getName(0);
            SecureDirectoryStream<Path> child;
            try {
                child = dir.newDirectoryStream(next, NOFOLLOW);
            } catch (NotDirectoryException e) {
                throw ApiException.badRequest("not_a_regular_file", "not a regular file: " + candidate);
            } catch (NoSuchFileException e) {
                throw new ApiException(HttpStatus.NOT_FOUND, "file_not_found", "no such file: " + candidate);
            } catch (FileSystemException e) {
                // ELOOP: the component is a symlink
                throw symlinkRefused(candidate);
            }
            try (child) {
                return takeFrom(child, relative.subpath(1, relative.getNameCount()), path, candidate, recordingId);
            }
        }
        BasicFileAttributes inspected;
        try {
            inspected = dir.getFileAttributeView(relative, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
        } catch (NoSuchFileException e) {
            throw new ApiException(HttpStatus.NOT_FOUND, "file_not_found", "no such file: " + candidate);
        }
        if (inspected.isSymbolicLink()) {
            throw symlinkRefused(candidate);
        }
        if (!inspected.isRegularFile()) {
            throw ApiException.badRequest("not_a_regular_file", "not a regular file: " + candidate);
        }
        Path target = spool.file(recordingId, relative.getFileName().toString());
        Path part = spool.partFile(target);
        Files.deleteIfExists(part);
        if (!linked(part, path, inspected)) {
            copy(dir, relative, part, candidate);
        }
        long size = Files.size(part);
        spool.commit(part, target);
        return new Taken(target, size);
    }

    /** Hard-links {@code path} to {@code part}; true when the link is the inspected file itself. */
    private static boolean linked(Path part, Path path, BasicFileAttributes inspected) throws IOException {
        try {
            Files.createLink(part, path);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("hard link not possible ({}), copying instead", e.toString());
            return false;
        }
        BasicFileAttributes linked = Files.readAttributes(part, BasicFileAttributes.class, NOFOLLOW);
        if (!linked.isRegularFile() || inspected.fileKey() == null
                || !Objects.equals(linked.fileKey(), inspected.fileKey())) {
            Files.deleteIfExists(part);
            throw new ApiException(HttpStatus.CONFLICT, "file_changed",
                    "the file or a folder on its path was replaced while it was being taken; nothing was accepted");
        }
        return true;
    }

    private static void copy(SecureDirectoryStream<Path> dir, Path name, Path part, String candidate) throws IOException {
        SeekableByteChannel in;
        try {
            in = dir.newByteChannel(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        } catch (AccessDeniedException e) {
            throw new ApiException(HttpStatus.FORBIDDEN, "file_not_readable", "file is not readable: " + candidate);
        } catch (FileSystemException e) {
            throw symlinkRefused(candidate);
        }
        try (in; OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            var sink = Channels.newChannel(out);
            while (in.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    sink.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw e;
        }
    }

    private static ApiException symlinkRefused(String candidate) {
        return new ApiException(HttpStatus.FORBIDDEN, "symlink_refused",
                "no component of the path may be a symbolic link: " + candidate);
    }
}
