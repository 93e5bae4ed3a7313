package academy.pipeline.download.zoom;

import academy.pipeline.testkit.TestStepContext;
import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.ZoomFile;
import academy.pipeline.core.http.HttpSettings;
import academy.pipeline.core.spool.Spool;
import academy.pipeline.testkit.zoom.ZoomDownloadServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The two halves of bench/download-zoom.sh, each in its own JVM: {@code serve <file> <token>} runs the Zoom
 * double and prints the download URL; {@code download <url> <token> <size> <spool-dir> <runs>} runs the stage's
 * Zoom fetcher (as stage-download wires it) {@code runs} times in one JVM, as a long-running stage would (the
 * first run is the cold start, later ones show the warmed-up service), and prints bytes, seconds and SHA-1 of
 * each run, then the JVM's peak RSS.
 */
public final class ZoomDownloadBenchmark {

    private ZoomDownloadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("serve")) {
            serve(Path.of(args[1]), args[2]);
        } else if (args.length == 6 && args[0].equals("download")) {
            download(args[1], args[2], Long.parseLong(args[3]), Path.of(args[4]), Integer.parseInt(args[5]));
        } else {
            System.err.println("usage: serve <file> <token> | download <url> <token> <size> <spool-dir> <runs>");
            System.exit(2);
        }
    }

    private static void serve(Path file, String token) throws Exception {
        ZoomDownloadServer server = ZoomDownloadServer.start();
        server.acceptToken(token);
        System.out.println(server.add("bench-uuid", "bench-file", file).webhookDownloadUrl());
        System.out.flush();
        Thread.currentThread().join();
    }

    private static void download(String url, String token, long size, Path spoolDir, int runs) throws Exception {
        ZoomDownloadSettings settings = new ZoomDownloadSettings(List.of("127.0.0.1"), true, 5, null, null, null, null, null, null, false);
        HttpSettings http = new HttpSettings(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60));
        ZoomDownloader downloader = ZoomDownloadConfiguration.create(http, settings, new Spool(spoolDir));
        RecordingEvent event = RecordingEvent.accepted("zoom-bench", Source.ZOOM, "Benchmark",
                Map.of(), Origin.ofZoom(new ZoomFile("bench-uuid", "bench-file"), url, token, size, "bench.mp4",
                        "video/mp4"), Instant.now());
        Spool spool = new Spool(spoolDir);
        for (int run = 1; run <= runs; run++) {
            spool.delete(event.recordingId());
            long started = System.nanoTime();
            SpooledFile spooled = downloader.fetch(event, TestStepContext.withTimeLimit("zoom-bench", Stage.DOWNLOAD, Duration.ofHours(2)));
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("run=%d bytes=%d seconds=%.2f mib_per_s=%.1f sha1=%s%n", run, spooled.size(), seconds,
                    spooled.size() / seconds / (1 << 20), spooled.sha1());
            System.out.flush();
        }
        spool.delete(event.recordingId());
        System.out.printf("peak_rss_kib=%d%n", peakRssKib());
    }

    /** VmHWM of this process: the most resident memory it ever had. */
    private static long peakRssKib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
