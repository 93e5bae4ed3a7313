package academy.pipeline.gateway.tus;

import academy.pipeline.core.event.RecordingEvent;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import static academy.pipeline.gateway.tus.TusConformanceTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A grant holder who tries to get more onto the disk than the grant allows, or to smuggle attributes into the
 * recording (issue 20, items 1 and 7). Limits of the test server: {@value #MAX_SIZE} bytes per upload,
 * {@value #MAX_UPLOADS_PER_GRANT} uploads and {@value #MAX_BYTES_PER_GRANT} bytes per grant.
 */
class TusHostileInputTest extends TusServerTestBase {

    private static final int MB = 1_000_000;

    @Test
    void aPartialListedManyTimesIsRefused() throws Exception {
        String ace = newAceId();
        String grant = grant(ace, 3 * MB);
        String partial = finishedPartial(grant, MB);
        StringJoiner parts = new StringJoiner(" ", "final;", "");
        for (int i = 0; i < 50; i++) {
            parts.add(partial);
        }

        assertError(tus.post(grant, "Upload-Concat", parts.toString(), "Upload-Metadata", meta(ace)), 400, "repeated_partial");
        assertError(tus.post(grant, "Upload-Concat", "final;" + partial + " " + partial), 400, "repeated_partial");
        assertThat(published(ManualRecordingIds.of(ace))).isEmpty();
    }

    @Test
    void partialsAddingUpPastTheGrantsMaximumAreRefused() throws Exception {
        String ace = newAceId();
        String grant = grant(ace, 3 * MB);
        String first = finishedPartial(grant, 2 * MB);
        String second = finishedPartial(grant, 2 * MB);

        assertError(tus.post(grant, "Upload-Concat", "final;" + first + " " + second, "Upload-Metadata", meta(ace)),
                413, "upload_too_large");
        assertThat(published(ManualRecordingIds.of(ace))).isEmpty();
    }

    @Test
    void partialsAddingUpPastTheServersMaximumAreRefused() throws Exception {
        String ace = newAceId();
        String grant = grant(ace, 100 * MB);
        String first = finishedPartial(grant, 5 * MB);
        String second = finishedPartial(grant, 4 * MB);

        assertError(tus.post(grant, "Upload-Concat", "final;" + first + " " + second, "Upload-Metadata", meta(ace)),
                413, "upload_too_large");
    }

    @Test
    void aFinalUploadNamingAnotherFinalOrAPlainUploadIsRefused() throws Exception {
        String ace = newAceId();
        String grant = grant(ace);
        String plain = tus.create(grant, 3);
        assertThat(tus.patch(plain, grant, 0, new byte[3]).statusCode()).isEqualTo(204);

        assertError(tus.post(grant, "Upload-Concat", "final;" + plain), 400, "not_a_partial");
    }

    @Test
    void oneGrantCannotCreateUnlimitedUploads() throws Exception {
        String grant = grant(newAceId());
        for (int i = 0; i < MAX_UPLOADS_PER_GRANT; i++) {
            assertThat(tus.post(grant, "Upload-Length", "10").statusCode()).isEqualTo(201);
        }

        assertError(tus.post(grant, "Upload-Length", "10"), 429, "too_many_uploads");
        assertError(tus.post(grant, "Upload-Defer-Length", "1"), 429, "too_many_uploads");
        assertThat(tus.post(grant(newAceId()), "Upload-Length", "10").statusCode()).isEqualTo(201);
    }

    @Test
    void oneGrantCannotDeclareMoreBytesThanItsBudget() throws Exception {
        String grant = grant(newAceId());
        assertThat(tus.post(grant, "Upload-Length", Long.toString(MAX_SIZE)).statusCode()).isEqualTo(201);

        assertError(tus.post(grant, "Upload-Length", Long.toString(MAX_BYTES_PER_GRANT - MAX_SIZE + 1)),
                413, "grant_quota_exceeded");
        assertThat(tus.post(grant, "Upload-Length", Long.toString(MAX_BYTES_PER_GRANT - MAX_SIZE)).statusCode())
                .isEqualTo(201);
    }

    @Test
    void aDeferredLengthUploadCannotOutgrowTheGrantsBudget() throws Exception {
        String grant = grant(newAceId());
        assertThat(tus.post(grant, "Upload-Length", Long.toString(MAX_SIZE)).statusCode()).isEqualTo(201);
        String deferred = RawTus.location(tus.post(grant, "Upload-Defer-Length", "1"));
        long left = MAX_BYTES_PER_GRANT - MAX_SIZE;

        assertError(tus.patch(deferred, grant, 0, new byte[(int) left + 1]), 413, "upload_too_large");
        assertError(tus.patch(deferred, grant, 0, new byte[10], "Upload-Length", Long.toString(left + 1)),
                413, "grant_quota_exceeded");
        assertThat(tus.patch(deferred, grant, 0, new byte[10], "Upload-Length", Long.toString(left)).statusCode())
                .isEqualTo(204);
    }

    @Test
    void completionsOfDifferentAceIdsDoNotWaitForEachOther() throws Exception {
        String busy = newAceId();
        String ace = newAceId();
        String grant = grant(ace);
        String upload = tus.create(grant, 3, "Upload-Metadata", meta(ace));
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (UploadLocks.Hold ignored = store.locks().ace(busy, java.time.Duration.ZERO)) {
                held.countDown();
                release.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        holder.start();
        try {
            held.await();
            // another ace_id's completion (a long concatenation copy, say) is in progress meanwhile
            assertThat(tus.patch(upload, grant, 0, new byte[3]).statusCode()).isEqualTo(204);
            assertThat(published(ManualRecordingIds.of(ace))).hasSize(1);
        } finally {
            release.countDown();
            holder.join();
        }
    }

    @Test
    void metadataKeysOutsideTheAllowlistAreRefused() throws Exception {
        String ace = newAceId();
        String grant = grant(ace);

        assertError(tus.post(grant, "Upload-Length", "10", "Upload-Metadata",
                RawTus.metadata(Map.of("ace_id", ace, "bunny_collection", "c0ffee"))), 400, "metadata_not_allowed");
        assertError(tus.post(grant, "Upload-Length", "10", "Upload-Metadata",
                RawTus.metadata(Map.of("filetype", "video/mp4", "callback_url", "http://evil.example/"))),
                400, "metadata_not_allowed");
        assertThat(tus.post(grant, "Upload-Length", "10", "Upload-Metadata",
                RawTus.metadata(Map.of("title", "t", "filename", "a.mp4", "filetype", "video/mp4"))).statusCode())
                .isEqualTo(201);
    }

    @Test
    void metadataIsBoundedAndWellFormed() throws Exception {
        String grant = grant(newAceId());
        String longTitle = "x".repeat(UploadMetadata.MAX_HEADER_LENGTH * 3 / 4 + 10);
        String b64 = Base64.getEncoder().encodeToString("t".getBytes());

        assertError(tus.post(grant, "Upload-Length", "10", "Upload-Metadata", RawTus.metadata(Map.of("title", longTitle))),
                400, "metadata_too_large");
        assertError(tus.post(grant, "Upload-Length", "10", "Upload-Metadata",
                RawTus.metadata(Map.of("title", "y".repeat(2001)))), 400, "bad_metadata");
        assertError(tus.post(grant, "Upload-Length", "10", "Upload-Metadata", "title " + b64 + ",TITLE " + b64),
                400, "bad_metadata");
        assertError(tus.post(grant, "Upload-Length", "10", "Upload-Metadata", "title not*base64"), 400, "bad_metadata");
        assertError(tus.post(grant, "Upload-Length", "10", "Upload-Metadata", "title "
                + Base64.getEncoder().encodeToString(new byte[]{(byte) 0xff, (byte) 0xfe})), 400, "bad_metadata");
    }

    @Test
    void aConfiguredMetadataKeyBecomesARecordingAttribute() throws Exception {
        String ace = newAceId();
        String grant = grant(ace);
        String upload = tus.create(grant, 3, "Upload-Metadata",
                RawTus.metadata(Map.of("ace_id", ace, "title", "Cells", "collection", "biology")));

        assertThat(tus.patch(upload, grant, 0, new byte[3]).statusCode()).isEqualTo(204);

        List<RecordingEvent> events = published(ManualRecordingIds.of(ace));
        assertThat(events).hasSize(1);
        assertThat(events.get(0).attributes()).containsOnlyKeys("ace_id", "collection")
                .containsEntry("collection", "biology");
        assertThat(events.get(0).title()).isEqualTo("Cells");
    }

    private String finishedPartial(String grant, int length) throws Exception {
        String partial = tus.create(grant, length, "Upload-Concat", "partial");
        HttpResponse<String> patch = tus.patch(partial, grant, 0, new byte[length]);
        assertThat(patch.statusCode()).as(patch.body()).isEqualTo(204);
        return partial;
    }
}
