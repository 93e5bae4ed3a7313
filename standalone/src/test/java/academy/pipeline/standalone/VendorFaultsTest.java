package academy.pipeline.standalone;

import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Transition;
import academy.pipeline.testkit.ServiceProcess;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.b2.B2Double;
import academy.pipeline.testkit.bunny.BunnyStreamDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real vendor providers under faults, with the pipeline as separate processes ({@link VendorPipeline}: the
 * archive stage on the B2 double, the stream stage on the Bunny Stream double, the website receiver):
 * <ul>
 *   <li>SIGKILL of the archive stage during a B2 large-file upload, of the stream stage between creating the
 *       Bunny video and its first PATCH, and during the PATCHes: after the restart one B2 version and one Bunny
 *       video with the source's SHA-1, no unfinished large file, and the bytes B2 and Bunny already had are not
 *       sent again (the doubles count what they received). Bandwidth caps make the kills land mid-transfer.</li>
 *   <li>B2, Bunny and the website answering 503, then refusing connections, for longer than the first two retry
 *       delays: the recording waits on the retry topics, the one behind it passes the stages before, and both
 *       complete once the vendor is back.</li>
 *   <li>A rejected key (401) at B2 and Bunny dead-letters the recording with the vendor's answer in the reason.</li>
 * </ul>
 * One pipeline serves every scenario, in order; each uses its own recordings. Time limits bound a hang on a
 * busy 2-core machine, they are not expectations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VendorFaultsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final int MIB = 1 << 20;
    private static final Duration DONE_WITHIN = Duration.ofMinutes(5);

    @TempDir
    static Path dataDir;

    private VendorPipeline vendors;

    @BeforeAll
    void startPipeline() throws Exception {
        assumeTrue(SplitPipeline.jarsBuilt(ROOT), "service jars not built: run ./mvnw package (verify builds them)");
        vendors = new VendorPipeline(ROOT, dataDir, Path.of("target", "vendor-faults").toAbsolutePath(), List.of())
                .start(Duration.ofMinutes(10));
    }

    @AfterAll
    void stopPipeline() throws Exception {
        if (vendors != null) {
            vendors.close();
        }
    }

    @Test
    @Order(1)
    void archiveKilledDuringALargeFileUploadResumesTheUnfinishedFileWithoutResendingItsFinishedParts() throws Exception {
        B2Double b2 = vendors.b2();
        Path source = TestFiles.random(dataDir.resolve("incoming/b2-kill.mp4"), 6 * MIB, 101);
        long before = b2.faults().uploadBytesReceived();
        b2.faults().bandwidth(0.5);
        try {
            String id = vendors.submit(source, "b2-kill");
            // three parts at a time, 1 MiB each: at 4.5 MiB the first three are finished, three more under way
            await().atMost(DONE_WITHIN).pollInterval(Duration.ofMillis(50))
                    .until(() -> b2.faults().uploadBytesReceived() - before >= 9 * MIB / 2);
            assertThat(b2.unfinishedFileNames()).as("the large file under way").anyMatch(n -> n.contains(id));
            kill("archive");
            long atKill = b2.faults().uploadBytesReceived() - before;
            b2.faults().bandwidth(0);
            restart("archive");

            awaitDone(id);
            assertThat(vendors.problemsOf(id, "b2-kill", source)).isNull();
            assertThat(b2.unfinishedFileNames()).as("b2_list_unfinished_large_files").isEmpty();
            long received = b2.faults().uploadBytesReceived() - before;
            System.out.println("vendor-faults: B2 large file of " + 6 * MIB + " bytes, killed at " + atKill
                    + ", B2 received " + received + " in all");
            assertThat(received).as("bytes B2 received for a %d-byte file: finished parts are not sent again",
                    6 * MIB).isLessThan(2L * 6 * MIB - MIB);
        } finally {
            b2.faults().clear();
        }
    }

    @Test
    @Order(2)
    void streamKilledBetweenCreatingTheVideoAndItsFirstPatchUploadsIntoThatVideo() throws Exception {
        BunnyStreamDouble bunny = vendors.bunny();
        Path source = TestFiles.random(dataDir.resolve("incoming/bunny-created.mp4"), 3 * MIB, 102);
        int createdBefore = bunny.videosCreated();
        bunny.faults().holdTusRequests();
        try {
            String id = vendors.submit(source, "bunny-created");
            await().atMost(DONE_WITHIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> bunny.videosCreated() > createdBefore && bunny.faults().tusRequestsHeld() > 0);
            kill("stream");
            bunny.faults().releaseTusRequests();
            restart("stream");

            awaitDone(id);
            assertThat(vendors.problemsOf(id, "bunny-created", source)).isNull();
            assertThat(bunny.videosCreated() - createdBefore).as("videos ever created for it").isEqualTo(1);
        } finally {
            bunny.faults().clear();
        }
    }

    @Test
    @Order(3)
    void streamKilledDuringThePatchesResumesTheTusUpload() throws Exception {
        BunnyStreamDouble bunny = vendors.bunny();
        Path source = TestFiles.random(dataDir.resolve("incoming/bunny-patches.mp4"), 6 * MIB, 103);
        int createdBefore = bunny.videosCreated();
        long before = bunny.bytesReceived();
        bunny.faults().capBandwidth(MIB);
        try {
            String id = vendors.submit(source, "bunny-patches");
            await().atMost(DONE_WITHIN).pollInterval(Duration.ofMillis(50))
                    .until(() -> bunny.bytesReceived() - before >= 3 * MIB);
            kill("stream");
            long atKill = bunny.bytesReceived() - before;
            bunny.faults().capBandwidth(0);
            restart("stream");

            awaitDone(id);
            assertThat(vendors.problemsOf(id, "bunny-patches", source)).isNull();
            assertThat(bunny.videosCreated() - createdBefore).as("videos ever created for it").isEqualTo(1);
            System.out.println("vendor-faults: Bunny upload of " + 6 * MIB + " bytes, killed at " + atKill
                    + ", Bunny received " + (bunny.bytesReceived() - before) + " in all");
            assertThat(bunny.bytesReceived() - before).as("bytes Bunny received for a %d-byte file: the upload"
                    + " resumed at Bunny's offset", 6 * MIB).isLessThan(2L * 6 * MIB - 2 * MIB);
        } finally {
            bunny.faults().clear();
        }
    }

    @Test
    @Order(4)
    void aB2OutageParksTheRecordingOnTheRetryTopicsUntilB2IsBack() throws Exception {
        B2Double b2 = vendors.b2();
        outage("b2-503", Stage.ARCHIVE, () -> b2.faults().outage(503), () -> b2.faults().endOutage());
        outage("b2-refused", Stage.ARCHIVE, b2::refuseConnections, b2::acceptConnections);
    }

    @Test
    @Order(5)
    void aBunnyOutageParksTheRecordingOnTheRetryTopicsUntilBunnyIsBack() throws Exception {
        BunnyStreamDouble bunny = vendors.bunny();
        outage("bunny-503", Stage.STREAM, () -> {
            bunny.faults().failNextApiRequests(Integer.MAX_VALUE, 503);
            bunny.faults().failNextTusRequests(Integer.MAX_VALUE, 503);
        }, () -> bunny.faults().clear());
        outage("bunny-refused", Stage.STREAM, vendors.bunnyGate()::refuse, vendors.bunnyGate()::accept);
    }

    @Test
    @Order(6)
    void aWebsiteOutageParksTheRecordingOnTheRetryTopicsUntilTheWebsiteIsBack() throws Exception {
        outage("website-503", Stage.NOTIFY, () -> vendors.website().failNext(Integer.MAX_VALUE, 503),
                () -> vendors.website().failNext(0, 503));
        outage("website-refused", Stage.NOTIFY, vendors.website()::goDown, vendors.website()::comeBack);
    }

    @Test
    @Order(7)
    void aKeyB2RejectsDeadLettersTheRecordingWithB2sMessage() throws Exception {
        B2Double b2 = vendors.b2();
        b2.faults().outage(401);
        try {
            String id = vendors.submit(TestFiles.random(dataDir.resolve("incoming/b2-401.mp4"), 300_000, 107), "b2-401");
            StatusEvent dead = awaitDeadLettered(id, Stage.ARCHIVE);
            assertThat(dead.attempt()).as("dead-lettered at once, no retries").isEqualTo(1);
            assertThat(dead.reason()).contains("401").contains("The application key is not valid");
        } finally {
            b2.faults().endOutage();
        }
    }

    @Test
    @Order(8)
    void aKeyBunnyRejectsDeadLettersTheRecordingSayingSo() throws Exception {
        BunnyStreamDouble bunny = vendors.bunny();
        bunny.rotateApiKey("rotated-" + VendorPipeline.BUNNY_KEY);
        try {
            String id = vendors.submit(TestFiles.random(dataDir.resolve("incoming/bunny-401.mp4"), 300_000, 108),
                    "bunny-401");
            StatusEvent dead = awaitDeadLettered(id, Stage.STREAM);
            assertThat(dead.attempt()).as("dead-lettered at once, no retries").isEqualTo(1);
            assertThat(dead.reason()).contains("HTTP 401").contains("BUNNY_API_KEY")
                    .as("Bunny's own message").contains("Authorization has been denied for this request.");
            assertThat(vendors.videosTitled("bunny-401")).as("no video created with a rejected key").isEmpty();
        } finally {
            bunny.rotateApiKey(VendorPipeline.BUNNY_KEY);
        }
    }

    /**
     * Takes a vendor down until recording A has failed at {@code stage} twice (it waited on two retry topics), checks
     * that recording B, submitted meanwhile, passes the stage before, then brings the vendor back: both complete.
     */
    private void outage(String name, Stage stage, ThrowingRunnable down, ThrowingRunnable up) throws Exception {
        Path a = TestFiles.random(dataDir.resolve("incoming/" + name + "-a.mp4"), 300_000, name.hashCode());
        Path b = TestFiles.random(dataDir.resolve("incoming/" + name + "-b.mp4"), 300_000, name.hashCode() + 1);
        down.run();
        String first;
        String second;
        try {
            first = vendors.submit(a, name + "-a");
            await().atMost(DONE_WITHIN).pollInterval(Duration.ofMillis(500))
                    .until(() -> vendors.reached(first, stage, Transition.RETRY_SCHEDULED, 2));
            second = vendors.submit(b, name + "-b");
            Stage previous = Stage.values()[stage.ordinal() - 1];
            await().atMost(DONE_WITHIN).pollInterval(Duration.ofMillis(500))
                    .until(() -> vendors.reached(second, previous, Transition.SUCCEEDED, 1));
            assertThat(vendors.doneKeys()).as("%s: done while the vendor is down", name).doesNotContain(first);
        } finally {
            up.run();
        }
        awaitDone(first);
        awaitDone(second);
        assertThat(vendors.problemsOf(first, name + "-a", a)).as(name + " A").isNull();
        assertThat(vendors.problemsOf(second, name + "-b", b)).as(name + " B").isNull();
        assertThat(vendors.history(first)).as("%s: failures of A were retried, never dead-lettered", name)
                .noneMatch(s -> s.transition() == Transition.DEAD_LETTERED);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private void awaitDone(String recordingId) {
        await().atMost(DONE_WITHIN).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(vendors.deadLettered()).as("dead-lettered").doesNotContain(recordingId);
            assertThat(vendors.doneKeys()).contains(recordingId);
        });
    }

    private StatusEvent awaitDeadLettered(String recordingId, Stage stage) {
        await().atMost(DONE_WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(() -> vendors.deadLettered().contains(recordingId));
        return vendors.history(recordingId).stream()
                .filter(s -> s.stage() == stage && s.transition() == Transition.DEAD_LETTERED)
                .findFirst().orElseThrow();
    }

    private void kill(String service) throws InterruptedException {
        ServiceProcess process = vendors.processes().process(service);
        System.out.println("vendor-faults: SIGKILL " + service);
        process.kill();
    }

    private void restart(String service) throws Exception {
        vendors.processes().process(service).start();
    }
}
