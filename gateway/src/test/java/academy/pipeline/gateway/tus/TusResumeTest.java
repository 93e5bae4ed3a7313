package academy.pipeline.gateway.tus;

import academy.pipeline.core.event.RecordingEvent;
import me.desair.tus.server.upload.UploadId;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resuming as tus-js-client does after a network drop (issue 13, item 3; issue 20, item 10): a HEAD needs no lock and
 * never answers 404 for an upload of its grant, an aborted PATCH lets go of the upload, and a refusal never leaks
 * into the next request served by the same thread.
 */
class TusResumeTest extends TusServerTestBase {

    private static final int MIB = 1024 * 1024;
    private static final Set<Integer> RESUME_ANSWERS = Set.of(204, 409, 423);

    @Test
    void aHeadWhileAPatchWritesAnswersTheDurableOffsetAndTheNextCreationOnThatThreadIsNotRefused() throws Exception {
        String ace = newAceId();
        String grant = grant(ace);
        byte[] content = bytes(2 * MIB, 1);
        String upload = tus.create(grant, content.length, "Upload-Metadata", meta(ace));

        try (RawTus.Open writer = tus.open(upload, grant, 0, content.length)) {
            writer.send(Arrays.copyOf(content, MIB));
            awaitWriting(upload);

            // the one free worker thread serves all of these, while the other is held by the writer
            HttpResponse<String> head = tus.head(upload, grant);
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Upload-Offset")).hasValue("0");
            assertThat(head.headers().firstValue("Upload-Length")).hasValue(Integer.toString(content.length));
            assertThat(head.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(head.headers().firstValue("Upload-Expires").orElseThrow())
                    .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
            assertThat(head.headers().firstValue("Upload-Metadata")).hasValue(meta(ace));
            assertThat(tus.post(grant(newAceId()), "Upload-Length", "10").statusCode()).isEqualTo(201);
            assertThat(tus.patch(upload, grant, 0, new byte[10]).statusCode()).isEqualTo(423);
            assertThat(tus.post(grant(newAceId()), "Upload-Length", "10").statusCode()).isEqualTo(201);

            writer.send(Arrays.copyOfRange(content, MIB, content.length));
            assertThat(writer.status()).isEqualTo(204);
        }
        assertThat(tus.offset(upload, grant)).isEqualTo(content.length);
        assertPublishedOnce(ace, upload, content);
    }

    @Test
    void anAbortedPatchIsResumedAtOnceFromTheServersOffset() throws Exception {
        String ace = newAceId();
        String grant = grant(ace);
        byte[] content = bytes(6 * MIB, 2);
        String upload = tus.create(grant, content.length, "Upload-Metadata", meta(ace));

        RawTus.Open first = tus.open(upload, grant, 0, content.length);
        first.send(Arrays.copyOf(content, 2 * MIB));
        awaitWriting(upload);
        first.abort();

        List<Integer> answers = resume(upload, grant, content, content.length);

        assertThat(answers).isNotEmpty().allMatch(RESUME_ANSWERS::contains);
        assertPublishedOnce(ace, upload, content);
    }

    @Test
    void anAbortReleasesTheUploadPromptlyAndKeepsTheBytesReceived() throws Exception {
        String ace = newAceId();
        String grant = grant(ace);
        byte[] content = bytes(3 * MIB, 6);
        String upload = tus.create(grant, content.length, "Upload-Metadata", meta(ace));
        java.nio.file.Path data = store.dataFile(idOf(upload));

        RawTus.Open first = tus.open(upload, grant, 0, content.length);
        first.send(Arrays.copyOf(content, MIB));
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> Files.size(data) == MIB);
        first.abort();

        await().atMost(java.time.Duration.ofSeconds(2))
                .until(() -> !store.locks().isHeld(UploadLocks.uploadKey(idOf(upload))));
        assertThat(tus.offset(upload, grant)).isEqualTo(MIB);
        assertThat(tus.patch(upload, grant, MIB, Arrays.copyOfRange(content, MIB, content.length)).statusCode())
                .isEqualTo(204);
        assertPublishedOnce(ace, upload, content);
    }

    @Test
    void aPatchAbortedBeforeItsFirstByteIsResumedAtOnce() throws Exception {
        String ace = newAceId();
        String grant = grant(ace);
        byte[] content = bytes(MIB, 3);
        String upload = tus.create(grant, content.length, "Upload-Metadata", meta(ace));

        tus.open(upload, grant, 0, content.length).abort();

        assertThat(resume(upload, grant, content, content.length)).allMatch(RESUME_ANSWERS::contains);
        assertPublishedOnce(ace, upload, content);
    }

    @Test
    void twoClientsRacingOnOneUploadLeaveItWholeAndPublishedOnce() throws Exception {
        String ace = newAceId();
        String grant = grant(ace);
        byte[] content = bytes(6 * MIB, 4);
        String upload = tus.create(grant, content.length, "Upload-Metadata", meta(ace));

        CompletableFuture<List<Integer>> a = CompletableFuture.supplyAsync(() -> resumeQuietly(upload, grant, content));
        CompletableFuture<List<Integer>> b = CompletableFuture.supplyAsync(() -> resumeQuietly(upload, grant, content));

        List<Integer> answers = new ArrayList<>(a.get(2, TimeUnit.MINUTES));
        answers.addAll(b.get(2, TimeUnit.MINUTES));
        assertThat(answers).allMatch(RESUME_ANSWERS::contains).contains(204);
        assertPublishedOnce(ace, upload, content);
    }

    @Test
    void thousandsOfRequestsOnTwoThreadsAroundAHeldUploadLeaveNoStaleState() throws Exception {
        String ace = newAceId();
        String grant = grant(ace);
        byte[] content = bytes(MIB, 5);
        String held = tus.create(grant, content.length, "Upload-Metadata", meta(ace));
        String other = newAceId();
        String otherGrant = grant(other);

        List<Integer> unexpected = Collections.synchronizedList(new ArrayList<>());
        try (RawTus.Open writer = tus.open(held, grant, 0, content.length)) {
            writer.send(Arrays.copyOf(content, 1000));
            awaitWriting(held);
            for (int i = 0; i < 600; i++) {
                expect(unexpected, 200, tus.head(held, grant));
                expect(unexpected, 404, tus.head(held, otherGrant));
                String scratch = RawTus.location(tus.post(otherGrant, "Upload-Length", "10"));
                expect(unexpected, 204, tus.patch(scratch, otherGrant, 0, new byte[4]));
                expect(unexpected, 204, tus.send("DELETE", scratch,
                        RawTus.headers("Tus-Resumable", "1.0.0", "Authorization", "Bearer " + otherGrant), null));
                if (i % 100 == 0) {
                    expect(unexpected, 423, tus.patch(held, grant, 0, new byte[10]));
                }
            }
            writer.send(Arrays.copyOfRange(content, 1000, content.length));
            assertThat(writer.status()).isEqualTo(204);
        }
        assertThat(unexpected).isEmpty();
        assertPublishedOnce(ace, held, content);
    }

    private static void expect(List<Integer> unexpected, int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            unexpected.add(response.statusCode());
        }
    }

    /**
     * Waits until the writer's request holds the upload (it is appending). Not the data file's size: the body is
     * written in whole 256 KiB buffers, so a few bytes sent can still be in the buffer.
     */
    private void awaitWriting(String upload) {
        await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> store.locks().isHeld(UploadLocks.uploadKey(idOf(upload))));
    }

    /** What tus-js-client does after an error: HEAD, then PATCH the rest from the server's offset, until done. */
    private List<Integer> resume(String upload, String grant, byte[] content, int chunk) throws Exception {
        List<Integer> answers = new ArrayList<>();
        for (int attempt = 0; attempt < 200; attempt++) {
            HttpResponse<String> head = tus.head(upload, grant);
            assertThat(head.statusCode()).as("HEAD of an upload of this grant").isEqualTo(200);
            int offset = Integer.parseInt(head.headers().firstValue("Upload-Offset").orElseThrow());
            if (offset == content.length) {
                return answers;
            }
            int end = Math.min(content.length, offset + chunk);
            HttpResponse<String> patch = tus.patch(upload, grant, offset, Arrays.copyOfRange(content, offset, end));
            answers.add(patch.statusCode());
            if (patch.statusCode() == 409) {
                assertThat(patch.headers().firstValue("Upload-Offset")).isPresent();
            }
        }
        throw new AssertionError("the upload did not finish: " + answers);
    }

    private List<Integer> resumeQuietly(String upload, String grant, byte[] content) {
        try {
            return resume(upload, grant, content, 256 * 1024);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertPublishedOnce(String ace, String upload, byte[] content) throws Exception {
        String recordingId = ManualRecordingIds.of(ace);
        List<RecordingEvent> events = published(recordingId);
        assertThat(events).hasSize(1);
        UploadId id = idOf(upload);
        assertThat(events.get(0).origin().path()).isEqualTo(store.dataFile(id).toString());
        assertThat(Files.readAllBytes(store.dataFile(id))).isEqualTo(content);
    }
}
