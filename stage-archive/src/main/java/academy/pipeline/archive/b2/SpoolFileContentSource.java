package academy.pipeline.archive.b2;

import com.backblaze.b2.client.contentSources.B2ContentSource;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The spool file as the SDK's content source, with its known SHA-1. Streams read through a 64 KiB buffer: the
 * SDK's HTTP client reads 4 KiB at a time, and a syscall per 4 KiB is what slows uploads down on a busy machine.
 * Skipping (the SDK skips to a part's start) seeks.
 */
final class SpoolFileContentSource implements B2ContentSource {

    private static final int BUFFER = 64 * 1024;

    private final Path file;
    private final String sha1;

    SpoolFileContentSource(Path file, String sha1) {
        this.file = file;
        this.sha1 = sha1;
    }

    @Override
    public long getContentLength() throws IOException {
        return Files.size(file);
    }

    @Override
    public String getSha1OrNull() {
        return sha1;
    }

    @Override
    public Long getSrcLastModifiedMillisOrNull() throws IOException {
        return Files.getLastModifiedTime(file).toMillis();
    }

    @Override
    public InputStream createInputStream() throws IOException {
        return new BufferedInputStream(Files.newInputStream(file), BUFFER);
    }
}
