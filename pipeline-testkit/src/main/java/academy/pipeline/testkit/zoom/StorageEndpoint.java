package academy.pipeline.testkit.zoom;

import academy.pipeline.testkit.zoom.ZoomDownloadServer.RecordingFile;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /storage/{fileId}/{name}?Policy=&Signature=}: the file, streamed from disk, with Range support (206,
 * 416), and the file's transfer faults: Range ignored, the connection cut after K bytes, a bandwidth cap.
 */
final class StorageEndpoint {

    private static final int BUFFER = 256 * 1024;
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final Map<String, RecordingFile> files;
    private final StorageSignatures signatures;

    StorageEndpoint(Map<String, RecordingFile> files, StorageSignatures signatures) {
        this.files = files;
        this.signatures = signatures;
    }

    /** Serves the file; {@code status} is told as soon as the status line is sent, before the body streams. */
    void handle(HttpExchange exchange, String path, IntConsumer status) throws IOException {
        String[] parts = path.split("/");
        RecordingFile recording = parts.length >= 3 ? files.get(parts[2]) : null;
        if (recording == null || !signatures.valid(recording.fileId(), ZoomHttp.query(exchange.getRequestURI().getRawQuery()))) {
            status.accept(ZoomHttp.json(exchange, 403, "{\"message\":\"Access denied\"}"));
            return;
        }
        long size = Files.size(recording.file());
        long start = 0;
        long end = size - 1;
        boolean partial = false;
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range != null && !recording.ignoresRange()) {
            Matcher m = RANGE.matcher(range.trim());
            if (m.matches()) {
                start = Long.parseLong(m.group(1));
                end = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
                if (start >= size || start > end) {
                    exchange.getResponseHeaders().set("Content-Range", "bytes */" + size);
                    exchange.sendResponseHeaders(416, -1);
                    status.accept(416);
                    return;
                }
                partial = true;
            }
        }
        exchange.getResponseHeaders().set("Content-Type", "video/mp4");
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + recording.file().getFileName() + "\"");
        if (partial) {
            exchange.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + end + "/" + size);
        }
        int code = partial ? 206 : 200;
        exchange.sendResponseHeaders(code, end - start + 1);
        status.accept(code);
        stream(recording, start, end + 1, recording.takeCut(), exchange.getResponseBody());
    }

    /** Streams [from, to) of the file; stops early (the connection is then closed mid-body) at {@code cutAt}. */
    private static void stream(RecordingFile recording, long from, long to, long cutAt, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        long startedAt = System.nanoTime();
        long sent = 0;
        try (FileChannel channel = FileChannel.open(recording.file(), StandardOpenOption.READ)) {
            long position = from;
            while (position < to) {
                long limit = cutAt > position ? Math.min(to, cutAt) : to;
                if (cutAt >= 0 && position >= cutAt) {
                    out.flush();
                    throw new IOException("connection cut at byte " + position + " (fault injected)");
                }
                wrapped.clear().limit((int) Math.min(BUFFER, limit - position));
                int n = channel.read(wrapped, position);
                if (n <= 0) {
                    break;
                }
                out.write(buffer, 0, n);
                position += n;
                sent += n;
                throttle(recording.bytesPerSecond(), sent, startedAt);
            }
        }
    }

    private static void throttle(long bytesPerSecond, long sent, long startedAt) {
        if (bytesPerSecond <= 0) {
            return;
        }
        long dueNanos = sent * 1_000_000_000L / bytesPerSecond;
        long sleepMillis = (dueNanos - (System.nanoTime() - startedAt)) / 1_000_000;
        if (sleepMillis > 0) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
