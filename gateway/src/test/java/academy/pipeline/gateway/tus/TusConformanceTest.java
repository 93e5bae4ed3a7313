package academy.pipeline.gateway.tus;

import academy.pipeline.core.event.EventCodec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * tus 1.0.0 as the protocol text says it (issue 17), over raw HTTP as a client that is neither tus-java-client nor
 * tus-js-client would speak it.
 */
class TusConformanceTest extends TusServerTestBase {

    @Test
    void aZeroLengthUploadIsRefusedAtCreationWithAClearReason() throws Exception {
        String ace = newAceId();
        HttpResponse<String> created = tus.post(grant(ace), "Upload-Length", "0", "Upload-Metadata", meta(ace));

        assertError(created, 400, "empty_upload");
        assertThat(published(ManualRecordingIds.of(ace))).isEmpty();
    }

    @Test
    void aDeferredLengthDeclaredAsZeroIsRefused() throws Exception {
        String ace = newAceId();
        String grant = grant(ace);
        String upload = RawTus.location(tus.post(grant, "Upload-Defer-Length", "1", "Upload-Metadata", meta(ace)));

        assertError(tus.patch(upload, grant, 0, new byte[0], "Upload-Length", "0"), 400, "empty_upload");
        assertThat(tus.head(upload, grant).headers().firstValue("Upload-Defer-Length")).hasValue("1");
    }

    @Test
    void aPatchToAFinalUploadIsForbidden() throws Exception {
        String ace = newAceId();
        String grant = grant(ace);
        String first = finishedPartial(grant, new byte[]{1, 2, 3});
        String second = finishedPartial(grant, new byte[]{4, 5});
        String fin = RawTus.location(tus.post(grant, "Upload-Concat", "final;" + first + " " + second,
                "Upload-Metadata", meta(ace)));
        assertThat(tus.head(fin, grant).headers().firstValue("Upload-Length")).hasValue("5");

        assertError(tus.patch(fin, grant, 0, new byte[]{9}), 403, "final_upload");
        assertError(tus.patch(fin, grant, 5, new byte[]{9}), 403, "final_upload");
        assertThat(published(ManualRecordingIds.of(ace))).hasSize(1);
    }

    @Test
    void aFinalUploadNamingAnUnfinishedPartialIsRefused() throws Exception {
        String ace = newAceId();
        String grant = grant(ace);
        String done = finishedPartial(grant, new byte[]{1, 2, 3});
        String unfinished = tus.create(grant, 10, "Upload-Concat", "partial");
        assertThat(tus.patch(unfinished, grant, 0, new byte[4]).statusCode()).isEqualTo(204);

        assertError(tus.post(grant, "Upload-Concat", "final;" + done + " " + unfinished, "Upload-Metadata", meta(ace)),
                400, "partial_unfinished");
        assertThat(published(ManualRecordingIds.of(ace))).isEmpty();
    }

    @Test
    void aFinalUploadNamingAMissingPartialSaysSo() throws Exception {
        String ace = newAceId();
        String grant = grant(ace);
        String done = finishedPartial(grant, new byte[]{1, 2, 3});

        assertError(tus.post(grant, "Upload-Concat", "final;" + done + " " + TusSettings.PATH
                + "/0b7c9f0e-5f7a-4c39-9a43-3f0c1b1f3f3a"), 400, "partial_not_found");
        assertError(tus.post(grant, "Upload-Concat", "final;" + done + " /elsewhere/nothing"), 400, "partial_not_found");
        String othersPartial = finishedPartial(grant(newAceId()), new byte[]{7});
        assertError(tus.post(grant, "Upload-Concat", "final;" + done + " " + othersPartial), 400, "partial_not_found");
    }

    @Test
    void aFinalUploadMayNameItsPartsByAbsoluteUrl() throws Exception {
        String ace = newAceId();
        String grant = grant(ace);
        String first = finishedPartial(grant, new byte[]{1, 2, 3});
        String second = finishedPartial(grant, new byte[]{4});
        String base = "http://127.0.0.1:" + port;

        String fin = RawTus.location(tus.post(grant, "Upload-Concat", "final;" + base + first + " " + base + second,
                "Upload-Metadata", meta(ace)));

        assertThat(tus.head(fin, grant).headers().firstValue("Upload-Offset")).hasValue("4");
        assertThat(published(ManualRecordingIds.of(ace))).hasSize(1);
    }

    @Test
    void changingTheUploadLengthOnceSetIsRefusedAndTheFirstLengthKept() throws Exception {
        String ace = newAceId();
        String grant = grant(ace);
        String deferred = RawTus.location(tus.post(grant, "Upload-Defer-Length", "1", "Upload-Metadata", meta(ace)));
        assertThat(tus.patch(deferred, grant, 0, new byte[10], "Upload-Length", "100").statusCode()).isEqualTo(204);

        assertError(tus.patch(deferred, grant, 10, new byte[10], "Upload-Length", "200"), 400, "upload_length_fixed");
        assertThat(tus.patch(deferred, grant, 10, new byte[10], "Upload-Length", "100").statusCode()).isEqualTo(204);

        String fixed = tus.create(grant, 50);
        assertError(tus.patch(fixed, grant, 0, new byte[10], "Upload-Length", "60"), 400, "upload_length_fixed");
        HttpResponse<String> head = tus.head(deferred, grant);
        assertThat(head.headers().firstValue("Upload-Length")).hasValue("100");
        assertThat(head.headers().firstValue("Upload-Offset")).hasValue("20");
        assertThat(tus.head(fixed, grant).headers().firstValue("Upload-Length")).hasValue("50");
    }

    @Test
    void aPatchWithoutUploadOffsetIsMalformed() throws Exception {
        String grant = grant(newAceId());
        String upload = tus.create(grant, 10);

        HttpResponse<String> patch = tus.send("PATCH", upload, RawTus.headers("Tus-Resumable", "1.0.0",
                "Authorization", "Bearer " + grant, "Content-Type", "application/offset+octet-stream"), new byte[3]);

        assertError(patch, 400, "missing_upload_offset");
        assertThat(tus.offset(upload, grant)).isZero();
    }

    @Test
    void aConflictCarriesTheCurrentOffset() throws Exception {
        String grant = grant(newAceId());
        String upload = tus.create(grant, 100);
        assertThat(tus.patch(upload, grant, 0, new byte[30]).statusCode()).isEqualTo(204);

        HttpResponse<String> stale = tus.patch(upload, grant, 0, new byte[30]);

        assertError(stale, 409, "upload_offset_mismatch");
        assertThat(stale.headers().firstValue("Upload-Offset")).hasValue("30");
        assertThat(tus.patch(upload, grant, 30, new byte[30]).statusCode()).isEqualTo(204);
    }

    @Test
    void aPatchPastTheUploadLengthIsTooLargeAndWritesNothing() throws Exception {
        String grant = grant(newAceId());
        String upload = tus.create(grant, 10);
        assertThat(tus.patch(upload, grant, 0, new byte[4]).statusCode()).isEqualTo(204);

        assertError(tus.patch(upload, grant, 4, new byte[7]), 413, "upload_too_large");
        assertThat(tus.offset(upload, grant)).isEqualTo(4);
        assertThat(tus.patch(upload, grant, 4, new byte[6]).statusCode()).isEqualTo(204);
    }

    @Test
    void optionsAdvertisesWhatIsImplemented() throws Exception {
        HttpResponse<String> options = tus.send("OPTIONS", TusSettings.PATH, Map.of(), null);

        assertThat(options.statusCode()).isIn(200, 204);
        assertThat(options.headers().firstValue("Tus-Extension").orElseThrow().split(",")).containsExactlyInAnyOrder(
                "creation", "creation-with-upload", "creation-defer-length", "checksum", "termination",
                "expiration", "concatenation");
        assertThat(options.headers().firstValue("Tus-Max-Size")).hasValue(Long.toString(MAX_SIZE));
    }

    private String finishedPartial(String grant, byte[] content) throws Exception {
        String partial = tus.create(grant, content.length, "Upload-Concat", "partial");
        assertThat(tus.patch(partial, grant, 0, content).statusCode()).isEqualTo(204);
        return partial;
    }

    @Test
    void aRequestAfterTheLastByteIsAnsweredAfterStageDownloadTookTheUploadAway() throws Exception {
        String ace = newAceId();
        String grant = grant(ace);
        byte[] body = bytes(1000, 7);
        String upload = RawTus.location(tus.post(grant, "Upload-Length", "1000", "Upload-Metadata", meta(ace)));
        assertThat(tus.patch(upload, grant, 0, body).statusCode()).isEqualTo(204);
        assertThat(published(ManualRecordingIds.of(ace))).hasSize(1);
        // what stage-download does once the bytes are in its spool
        org.springframework.util.FileSystemUtils.deleteRecursively(store.directory(idOf(upload)));

        HttpResponse<String> trailingPatch = tus.patch(upload, grant, 1000, new byte[0]);
        HttpResponse<String> head = tus.head(upload, grant);

        assertThat(trailingPatch.statusCode()).isEqualTo(204);
        assertThat(trailingPatch.headers().firstValue("Upload-Offset")).hasValue("1000");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Upload-Offset")).hasValue("1000");
        assertThat(head.headers().firstValue("Upload-Length")).hasValue("1000");
        assertThat(tus.head(upload, grant(newAceId())).statusCode()).as("another grant learns nothing").isEqualTo(404);
        assertThat(published(ManualRecordingIds.of(ace))).hasSize(1);
    }

    static void assertError(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = EventCodec.mapper().readTree(response.body());
        assertThat(body.get("error").asString()).isEqualTo(error);
        assertThat(body.get("reason").asString()).isNotBlank();
    }
}
