package academy.pipeline.gateway.intake;

import academy.pipeline.gateway.web.ApiException;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories intake may take files from. A candidate is resolved to its real path (symlinks followed,
 * {@code ..} removed) before it is compared, so neither traversal nor a symlink can reach outside.
 */
public class AllowedDirectories {

    private final List<Path> roots;

    public AllowedDirectories(List<Path> directories) throws IOException {
        List<Path> real = new ArrayList<>();
        for (Path dir : directories) {
            Files.createDirectories(dir);
            real.add(dir.toRealPath());
        }
        this.roots = List.copyOf(real);
    }

    public List<Path> roots() {
        return roots;
    }

    /**
     * @return the real path of a regular, readable file inside an allowed directory
     * @throws ApiException 400 for a relative path or a non-regular file, 403 outside the allowed
     *                      directories or unreadable, 404 when missing
     */
    public Path requireAllowedFile(String candidate) {
        if (candidate == null || candidate.isBlank()) {
            throw ApiException.badRequest("missing_path", "path is required");
        }
        if (candidate.indexOf('\0') >= 0) {
            throw ApiException.badRequest("invalid_path", "path contains a NUL character");
        }
        Path path = Path.of(candidate);
        if (!path.isAbsolute()) {
            throw ApiException.badRequest("relative_path", "path must be absolute: " + candidate);
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            throw new ApiException(HttpStatus.NOT_FOUND, "file_not_found", "no such file: " + candidate);
        } catch (IOException e) {
            throw new ApiException(HttpStatus.FORBIDDEN, "file_not_accessible", "cannot resolve " + candidate);
        }
        if (roots.stream().noneMatch(real::startsWith)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "path_outside_allowed_dirs",
                    "path resolves outside the allowed directories " + roots);
        }
        if (!Files.isRegularFile(real)) {
            throw ApiException.badRequest("not_a_regular_file", "not a regular file: " + candidate);
        }
        if (!Files.isReadable(real)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "file_not_readable", "file is not readable: " + candidate);
        }
        return real;
    }
}
