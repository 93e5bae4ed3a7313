package academy.pipeline.gateway.tus;

import me.desair.tus.server.upload.UploadId;
import me.desair.tus.server.upload.UploadInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Removes uploads that expired without being handed to the pipeline: unfinished ones, and finished ones that were
 * never published (a second upload for an ace_id that already has a recording). Published uploads are left alone:
 * stage-download takes them over and removes them. The library's own cleanup is not used, because it also
 * deletes finished uploads that merely expired, which may still wait for stage-download. Each upload is checked
 * and removed under its lock; one a request is on is left for the next sweep.
 */
class ExpiredUploadSweeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExpiredUploadSweeper.class);

    private final TusUploadStore store;
    private final ScheduledExecutorService scheduler;

    public ExpiredUploadSweeper(TusUploadStore store, Duration interval) {
        this.store = store;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tus-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** @return how many uploads were removed */
    public int sweep() throws IOException {
        Path uploads = store.uploadsDir();
        if (!Files.isDirectory(uploads)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(uploads)) {
            for (Path dir : dirs) {
                UploadId id;
                try {
                    id = new UploadId(dir.getFileName().toString());
                } catch (IllegalArgumentException e) {
                    continue;
                }
                Optional<UploadLocks.Hold> hold = store.locks().tryUpload(id);
                if (hold.isEmpty()) {
                    continue;
                }
                try (UploadLocks.Hold ignored = hold.get()) {
                    if (removeIfExpired(id, dir)) {
                        removed++;
                    }
                }
            }
        }
        return removed;
    }

    /** Under the upload's lock, so a completion cannot publish it between the check and the removal. */
    private boolean removeIfExpired(UploadId id, Path dir) throws IOException {
        UploadInfo info;
        try {
            info = store.infoOf(id);
        } catch (IOException e) {
            log.debug("skipping {}: no readable upload info ({})", dir, e.toString());
            return false;
        }
        if (info == null || !info.isExpired() || store.isPublished(id)) {
            return false;
        }
        store.delete(TusSettings.PATH + "/" + id, info.getOwnerKey());
        if (Files.exists(dir)) {
            return false;
        }
        log.info("removed expired upload {} (ace_id {}, {} of {} bytes)", id, info.getOwnerKey(),
                info.getOffset(), info.getLength());
        return true;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (IOException | RuntimeException e) {
            log.warn("tus sweep failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
