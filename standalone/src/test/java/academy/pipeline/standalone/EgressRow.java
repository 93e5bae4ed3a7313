package academy.pipeline.standalone;

import academy.pipeline.testkit.JvmOptions;
import academy.pipeline.testkit.ServiceProcess;
import academy.pipeline.testkit.b2.B2Double;
import academy.pipeline.testkit.bunny.BunnyStreamDouble;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's egress row (issue 21.2): bytes the pipeline sends per recording, counted by the B2 and Bunny
 * doubles (B2 upload bodies plus Bunny tus bodies), once with the stream stage in upload mode and once in fetch
 * mode, where Bunny pulls the archived file from B2 itself. Goal: 2.0x the file size in upload mode, 1.0x in fetch
 * mode. For fetch mode the pipeline's stream stage is stopped and one started with {@code mode=fetch} (signing
 * with the archive's B2 key) takes its place; afterwards the original one is started again.
 */
final class EgressRow {

    /** Runs one recording of the file through the pipeline until it is done. */
    @FunctionalInterface
    interface Recording {
        void run(Path file, String name) throws Exception;
    }

    private final BenchTable table;
    private final SplitPipeline pipeline;
    private final B2Double b2;
    private final BunnyStreamDouble bunny;
    private final Path root;
    private final List<String> bunnyArgs;

    EgressRow(BenchTable table, SplitPipeline pipeline, B2Double b2, BunnyStreamDouble bunny, Path root,
              String libraryId, String apiKey) {
        this.table = table;
        this.pipeline = pipeline;
        this.b2 = b2;
        this.bunny = bunny;
        this.root = root;
        this.bunnyArgs = List.of("--pipeline.stream.bunny.library-id=" + libraryId,
                "--pipeline.stream.bunny.api-key=" + apiKey,
                "--pipeline.stream.bunny.api-url=" + bunny.apiUrl(),
                "--pipeline.stream.bunny.tus-url=" + bunny.tusUrl());
    }

    void measure(Path file, Recording recording) throws Exception {
        long size = Files.size(file);
        double upload = bytesSent(() -> recording.run(file, "egress-upload")) / (double) size;
        add("upload mode", upload, 2.0);
        ServiceProcess original = pipeline.process("stream");
        original.close();
        try (ServiceProcess fetching = fetchModeStreamStage().start()) {
            double fetch = bytesSent(() -> recording.run(file, "egress-fetch")) / (double) size;
            add("fetch mode", fetch, 1.0);
        } finally {
            original.start();
        }
    }

    private interface Run {
        void run() throws Exception;
    }

    private long bytesSent(Run run) throws Exception {
        long before = b2.uploadBytesReceived() + bunny.bytesReceived();
        run.run();
        return b2.uploadBytesReceived() + bunny.bytesReceived() - before;
    }

    private void add(String mode, double ratio, double goal) {
        table.add(new BenchTable.Row("21.egress", "bytes sent by the pipeline per recording, " + mode, ratio,
                Double.NaN, ratio, "x size", String.format(Locale.ROOT, "%.1fx", goal),
                Math.abs(ratio - goal) < 0.01));
    }

    private ServiceProcess fetchModeStreamStage() throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JvmOptions.read(root));
        command.addAll(List.of("-jar",
                root.resolve("stage-stream/target/stage-stream-1.0.0-SNAPSHOT-exec.jar").toString(),
                "--spring.kafka.bootstrap-servers=" + pipeline.bootstrapServers(),
                "--pipeline.data-dir=" + pipeline.dataDir(),
                "--pipeline.instance-id=stream-fetch-1",
                "--server.port=0",
                "--pipeline.archive.b2.application-key-id=" + b2.keyId(),
                "--pipeline.archive.b2.application-key=" + b2.applicationKey(),
                "--pipeline.archive.b2.master-url=" + b2.masterUrl(),
                "--pipeline.stream.bunny.mode=fetch",
                "--logging.level.academy.pipeline=WARN"));
        command.addAll(bunnyArgs);
        return new ServiceProcess("stream-fetch", command, pipeline.logDir().resolve("stream-fetch.log"));
    }
}
