package academy.pipeline.standalone;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.Stage;
import academy.pipeline.gateway.tus.UploadGrant;
import academy.pipeline.gateway.tus.UploadGrants;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.WebsiteReceiver;
import io.tus.java.client.ProtocolException;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tutor uploads through the real standalone pipeline: tus-java-client (and hand-made requests for what a client
 * never sends) against {@code /tusupload}, the recording followed to the website double; {@code /manual-upload}.
 */
class TutorUploadEndToEndTest {

    private static final String WEBSITE_SECRET = "website-secret";
    private static final String GRANT_SECRET = "grant-secret-for-tests";
    private static final long MAX_SIZE = 8 * 1024 * 1024;
    private static final UploadGrants GRANTS = new UploadGrants(GRANT_SECRET);

    @TempDir
    static Path dataDir;

    static WebsiteReceiver website;
    static StandaloneHarness pipeline;
    static TusHttp tus;

    @BeforeAll
    static void start() throws Exception {
        website = WebsiteReceiver.start(WEBSITE_SECRET);
        pipeline = new StandaloneHarness(dataDir,
                "--pipeline.notify.website-url=" + website.url(),
                "--pipeline.notify.secret=" + WEBSITE_SECRET,
                "--pipeline.tus.grant-secret=" + GRANT_SECRET,
                "--pipeline.tus.max-size=" + MAX_SIZE + "B",
                "--pipeline.tus.allowed-origins=https://academy.example").start();
        tus = new TusHttp(pipeline.standalone().port());
    }

    @AfterAll
    static void stop() {
        pipeline.close();
        website.close();
    }

    static String grant(String aceId) {
        return GRANTS.sign(new UploadGrant(aceId, Instant.now().plusSeconds(600), MAX_SIZE));
    }

    static TusClient client(String grant) throws Exception {
        TusClient client = new TusClient();
        client.setUploadCreationURL(tus.uri("/tusupload").toURL());
        client.setHeaders(Map.of("Authorization", "Bearer " + grant));
        return client;
    }

    static TusUpload upload(Path file, String aceId, String title) throws Exception {
        TusUpload upload = new TusUpload(file.toFile());
        upload.setMetadata(Map.of("ace_id", aceId, "title", title, "filename", file.getFileName().toString(),
                "filetype", "video/mp4"));
        return upload;
    }

    static void uploadAll(TusUploader uploader) throws Exception {
        uploader.setChunkSize(64 * 1024);
        uploader.setRequestPayloadSize(1024 * 1024);
        while (uploader.uploadChunk() > -1) {
            // keep sending
        }
        uploader.finish();
    }

    static JsonNode notificationFor(String recordingId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> website.accepted().stream()
                .anyMatch(r -> recordingId.equals(r.idempotencyKey())));
        List<WebsiteReceiver.Received> received = website.accepted().stream()
                .filter(r -> recordingId.equals(r.idempotencyKey())).toList();
        assertThat(received).hasSize(1);
        return EventCodec.mapper().readTree(received.get(0).body());
    }

    static Path uploadsDir() {
        return dataDir.resolve("tus/uploads");
    }

    @Test
    void aTutorUploadIsPublishedOnceAndArrivesOnTheWebsiteByteIdentical() throws Exception {
        Path file = TestFiles.random(dataDir.resolve("src/lecture.mp4"), 3_000_000, 11);
        String grant = grant("1001");

        TusUploader uploader = client(grant).createUpload(upload(file, "1001", "Cell biology 2"));
        String uploadPath = uploader.getUploadURL().getPath();
        uploadAll(uploader);

        assertThat(published("ace-1001")).isEqualTo(1);
        HttpResponse<String> retry = tus.patch(uploadPath, grant, 3_000_000, new byte[0]);
        assertThat(retry.statusCode()).isIn(204, 404);

        JsonNode body = notificationFor("ace-1001");
        assertThat(body.get("title").asString()).isEqualTo("Cell biology 2");
        assertThat(body.get("attributes").get("ace_id").asString()).isEqualTo("1001");
        assertThat(body.get("file").get("size").asLong()).isEqualTo(3_000_000);
        assertThat(body.get("file").get("sha1").asString()).isEqualTo(TestFiles.sha1(file));
        assertThat(TestFiles.sha1(Path.of(body.get("archive").get("fileId").asString()))).isEqualTo(TestFiles.sha1(file));
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(uploadsDir().resolve(lastSegment(uploadPath))));
        assertThat(published("ace-1001")).isEqualTo(1);
    }

    @Test
    void aCutUploadResumesFromTheServerOffsetWithAFreshClient() throws Exception {
        Path file = TestFiles.random(dataDir.resolve("src/resume.mp4"), 4_000_000, 12);
        String grant = grant("1002");
        String uploadPath = tus.create(grant, 4_000_000, Map.of("ace_id", "1002", "title", "Resumed", "filename", "resume.mp4"));

        tus.patchAndCut(uploadPath, grant, file, 1_500_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> tus.head(uploadPath, grant).statusCode() == 200
                && tus.offset(uploadPath, grant) > 0);
        long serverOffset = tus.offset(uploadPath, grant);
        assertThat(serverOffset).isBetween(1L, 1_500_000L);

        TusUpload upload = upload(file, "1002", "Resumed");
        TusUploader resumed = client(grant).beginOrResumeUploadFromURL(upload, tus.uri(uploadPath).toURL());
        assertThat(resumed.getOffset()).isEqualTo(serverOffset);
        uploadAll(resumed);

        JsonNode body = notificationFor("ace-1002");
        assertThat(body.get("file").get("sha1").asString()).isEqualTo(TestFiles.sha1(file));
        assertThat(body.get("file").get("size").asLong()).isEqualTo(4_000_000);
    }

    @Test
    void aChecksumMismatchIs460AndKeepsNothingOfThatRequest() throws Exception {
        String grant = grant("1003");
        String uploadPath = tus.create(grant, 1000, Map.of("ace_id", "1003"));
        byte[] bytes = new byte[500];
        String wrong = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(new byte[1]));

        HttpResponse<String> mismatch = tus.patch(uploadPath, grant, 0, bytes, "Upload-Checksum", "sha1 " + wrong);
        assertThat(mismatch.statusCode()).isEqualTo(460);
        assertThat(tus.offset(uploadPath, grant)).isZero();

        String right = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(bytes));
        assertThat(tus.patch(uploadPath, grant, 0, bytes, "Upload-Checksum", "sha1 " + right).statusCode()).isEqualTo(204);
        assertThat(tus.offset(uploadPath, grant)).isEqualTo(500);
    }

    @Test
    void aWrongOffsetIs409AndAWrongVersionIs412() throws Exception {
        String grant = grant("1004");
        String uploadPath = tus.create(grant, 1000, Map.of("ace_id", "1004"));

        assertThat(tus.patch(uploadPath, grant, 100, new byte[10]).statusCode()).isEqualTo(409);
        HttpResponse<String> version = tus.send("HEAD", uploadPath,
                TusHttp.headers("Tus-Resumable", "0.2.2", "Authorization", "Bearer " + grant), null);
        assertThat(version.statusCode()).isEqualTo(412);
        assertThat(version.headers().firstValue("Tus-Version")).contains("1.0.0");
        HttpResponse<String> noType = tus.send("PATCH", uploadPath, TusHttp.headers("Tus-Resumable", "1.0.0",
                "Authorization", "Bearer " + grant, "Upload-Offset", "0"), new byte[10]);
        assertThat(noType.statusCode()).isEqualTo(415);
        assertThat(tus.offset(uploadPath, grant)).isZero();
    }

    @Test
    void anUploadOverTheMaximumIs413() throws Exception {
        Path file = TestFiles.random(dataDir.resolve("src/too-big.mp4"), MAX_SIZE + 1, 13);
        assertThatThrownBy(() -> client(grant("1005")).createUpload(upload(file, "1005", "Too big")))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(status(e)).isEqualTo(413));

        String smallGrant = GRANTS.sign(new UploadGrant("1005", Instant.now().plusSeconds(600), 1000));
        HttpResponse<String> overGrant = tus.send("POST", "/tusupload", TusHttp.headers("Tus-Resumable", "1.0.0",
                "Authorization", "Bearer " + smallGrant, "Upload-Length", "1001"), null);
        assertThat(overGrant.statusCode()).isEqualTo(413);

        HttpResponse<String> deferred = tus.send("POST", "/tusupload", TusHttp.headers("Tus-Resumable", "1.0.0",
                "Authorization", "Bearer " + smallGrant, "Upload-Defer-Length", "1"), null);
        assertThat(deferred.statusCode()).isEqualTo(201);
        String path = URI.create(deferred.headers().firstValue("Location").orElseThrow()).getPath();
        assertThat(tus.patch(path, smallGrant, 0, new byte[1001]).statusCode()).isEqualTo(413);
        assertThat(tus.patch(path, smallGrant, 0, new byte[10], "Upload-Length", "5000").statusCode()).isEqualTo(413);
    }

    @Test
    void creationNeedsAValidUnexpiredGrant() throws Exception {
        Path file = TestFiles.random(dataDir.resolve("src/grant.mp4"), 1000, 14);
        TusClient noGrant = new TusClient();
        noGrant.setUploadCreationURL(tus.uri("/tusupload").toURL());
        String expired = GRANTS.sign(new UploadGrant("1006", Instant.now().minusSeconds(1), MAX_SIZE));
        String forged = new UploadGrants("not-the-secret").sign(new UploadGrant("1006", Instant.now().plusSeconds(600), MAX_SIZE));
        String good = grant("1006");
        String tampered = good.substring(0, good.indexOf('.')) + "." + "0".repeat(64);

        for (TusClient client : List.of(noGrant, client(expired), client(forged), client(tampered), client("garbage"))) {
            assertThatThrownBy(() -> client.createUpload(upload(file, "1006", "Nope")))
                    .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(status(e)).isEqualTo(401));
        }
        assertThatThrownBy(() -> client(grant("9999")).createUpload(upload(file, "1006", "Wrong ace")))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(status(e)).isEqualTo(403));
        assertThat(published("ace-1006")).isZero();
    }

    @Test
    void aGrantForAnotherAceIdCannotTouchTheUpload() throws Exception {
        String owner = grant("1007");
        String other = grant("1008");
        String uploadPath = tus.create(owner, 1000, Map.of("ace_id", "1007"));
        assertThat(tus.patch(uploadPath, owner, 0, new byte[100]).statusCode()).isEqualTo(204);

        assertThat(tus.head(uploadPath, other).statusCode()).isEqualTo(404);
        assertThat(tus.patch(uploadPath, other, 100, new byte[900]).statusCode()).isEqualTo(404);
        assertThat(tus.send("DELETE", uploadPath, TusHttp.headers("Tus-Resumable", "1.0.0",
                "Authorization", "Bearer " + other), null).statusCode()).isEqualTo(404);
        assertThat(tus.head(uploadPath, "forged").statusCode()).isEqualTo(401);

        assertThat(tus.offset(uploadPath, owner)).isEqualTo(100);
        assertThat(tus.send("DELETE", uploadPath, TusHttp.headers("Tus-Resumable", "1.0.0",
                "Authorization", "Bearer " + owner), null).statusCode()).isEqualTo(204);
        assertThat(tus.head(uploadPath, owner).statusCode()).isEqualTo(404);
    }

    @Test
    void optionsAdvertisesTheProtocolAndCorsLetsTheWebsiteIn() throws Exception {
        HttpResponse<String> options = tus.send("OPTIONS", "/tusupload", TusHttp.headers(
                "Origin", "https://academy.example", "Access-Control-Request-Method", "POST"), null);
        assertThat(options.statusCode()).isEqualTo(204);
        assertThat(options.headers().firstValue("Tus-Version")).contains("1.0.0");
        assertThat(options.headers().firstValue("Tus-Max-Size")).contains(Long.toString(MAX_SIZE));
        assertThat(options.headers().firstValue("Tus-Extension").orElseThrow().split(","))
                .contains("creation", "creation-with-upload", "creation-defer-length", "termination", "expiration",
                        "checksum", "concatenation")
                .doesNotContain("checksum-trailer", "concatenation-unfinished");
        assertThat(options.headers().firstValue("Access-Control-Allow-Origin")).contains("https://academy.example");
        assertThat(options.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
                .contains("Authorization", "Upload-Metadata", "Tus-Resumable");
        assertThat(options.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
                .contains("Location", "Upload-Offset");

        HttpResponse<String> stranger = tus.send("OPTIONS", "/tusupload", TusHttp.headers("Origin", "https://evil.example"), null);
        assertThat(stranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void creationWithUploadAndConcatenationArePublishedToo() throws Exception {
        byte[] whole = new byte[300_000];
        new java.util.Random(15).nextBytes(whole);
        String grant = grant("1009");
        HttpResponse<String> created = tus.send("POST", "/tusupload", TusHttp.headers("Tus-Resumable", "1.0.0",
                "Authorization", "Bearer " + grant, "Upload-Length", "300000",
                "Upload-Metadata", TusHttp.metadata(Map.of("ace_id", "1009", "filename", "one-shot.mp4")),
                "Content-Type", "application/offset+octet-stream"), whole);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Upload-Offset")).contains("300000");
        assertThat(published("ace-1009")).isEqualTo(1);
        assertThat(notificationFor("ace-1009").get("file").get("sha1").asString()).isEqualTo(sha1(whole));

        String parts = grant("1010");
        String first = partial(parts, 100_000);
        String second = partial(parts, 200_000);
        assertThat(tus.patch(first, parts, 0, java.util.Arrays.copyOfRange(whole, 0, 100_000)).statusCode()).isEqualTo(204);
        assertThat(tus.patch(second, parts, 0, java.util.Arrays.copyOfRange(whole, 100_000, 300_000)).statusCode()).isEqualTo(204);
        assertThat(published("ace-1010")).isZero();
        HttpResponse<String> concat = tus.send("POST", "/tusupload", TusHttp.headers("Tus-Resumable", "1.0.0",
                "Authorization", "Bearer " + parts, "Upload-Concat", "final;" + first + " " + second,
                "Upload-Metadata", TusHttp.metadata(Map.of("ace_id", "1010", "filename", "parallel.mp4"))), null);
        assertThat(concat.statusCode()).isEqualTo(201);
        assertThat(published("ace-1010")).isEqualTo(1);
        assertThat(notificationFor("ace-1010").get("file").get("sha1").asString()).isEqualTo(sha1(whole));
    }

    @Test
    void theWebsitesTusJsClientUploadsWithAnInterruptionAndResumes() throws Exception {
        assumeTrue(NodeScript.available(), "needs node >= 20 and `npm ci` in standalone/src/test/js");
        Path file = TestFiles.random(dataDir.resolve("src/browser.mp4"), 3_000_000, 18);

        NodeScript.Result result = NodeScript.node("upload.js", List.of(
                "--endpoint", tus.uri("/tusupload").toString(), "--file", file.toString(), "--grant", grant("1012"),
                "--meta", "ace_id=1012", "--meta", "title=From the browser", "--meta", "filename=browser.mp4",
                "--chunk-size", "262144", "--interrupt-at", "1000000"), 120);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode run = EventCodec.mapper().readTree(result.stdout());
        assertThat(run.get("interruptedAt").asLong()).isGreaterThanOrEqualTo(1_000_000);
        assertThat(run.get("serverOffsetAfterCut").asLong()).isBetween(1L, 2_999_999L);
        JsonNode body = notificationFor("ace-1012");
        assertThat(body.get("title").asString()).isEqualTo("From the browser");
        assertThat(body.get("file").get("sha1").asString()).isEqualTo(TestFiles.sha1(file));
    }

    /** Issue 13: one PATCH for the whole file, aborted mid-body, resumed at once by a fresh client. */
    @Test
    void theWebsitesTusJsClientResumesAnAbortedSinglePatchAtOnce() throws Exception {
        assumeTrue(NodeScript.available(), "needs node >= 20 and `npm ci` in standalone/src/test/js");
        Path file = TestFiles.random(dataDir.resolve("src/one-patch.mp4"), 6_000_000, 19);

        NodeScript.Result result = NodeScript.node("upload.js", List.of(
                "--endpoint", tus.uri("/tusupload").toString(), "--file", file.toString(), "--grant", grant("1014"),
                "--meta", "ace_id=1014", "--meta", "title=Aborted once", "--meta", "filename=one-patch.mp4",
                "--interrupt-at", "2000000"), 120);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode body = notificationFor("ace-1014");
        assertThat(body.get("file").get("sha1").asString()).isEqualTo(TestFiles.sha1(file));
    }

    private static String partial(String grant, long length) throws Exception {
        HttpResponse<String> response = tus.send("POST", "/tusupload", TusHttp.headers("Tus-Resumable", "1.0.0",
                "Authorization", "Bearer " + grant, "Upload-Length", Long.toString(length), "Upload-Concat", "partial"), null);
        assertThat(response.statusCode()).isEqualTo(201);
        return URI.create(response.headers().firstValue("Location").orElseThrow()).getPath();
    }

    @Test
    void manualUploadPublishesAFileOfTheTusDirectoryAndRemovesItsInfo() throws Exception {
        Path file = TestFiles.random(dataDir.resolve("tus/external/8f3c2a"), 1_000_000, 16);
        Path info = Files.writeString(dataDir.resolve("tus/external/8f3c2a.json"), "{\"id\":\"8f3c2a\"}");
        String sha1 = TestFiles.sha1(file);

        HttpResponse<String> response = pipeline.postIntakeJson("/manual-upload", "{\"ace_id\":\"1011\",\"path\":\"" + file
                + "\",\"metadata\":{\"title\":\"From the old server\",\"filename\":\"old.mp4\"}}");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(EventCodec.mapper().readTree(response.body()).get("recordingId").asString()).isEqualTo("ace-1011");

        JsonNode body = notificationFor("ace-1011");
        assertThat(body.get("title").asString()).isEqualTo("From the old server");
        assertThat(body.get("file").get("sha1").asString()).isEqualTo(sha1);
        assertThat(file).doesNotExist();
        assertThat(info).doesNotExist();

        HttpResponse<String> again = pipeline.postIntakeJson("/manual-upload", "{\"ace_id\":\"1011\",\"path\":\"" + file + "\"}");
        assertThat(again.statusCode()).isIn(200, 404);
        assertThat(published("ace-1011")).isEqualTo(1);
    }

    @Test
    void manualUploadTakesTusdsPostFinishHookAsTusdSendsIt() throws Exception {
        Path file = TestFiles.random(dataDir.resolve("tus/tusd/5d1e9b"), 700_000, 20);
        Path info = Files.writeString(dataDir.resolve("tus/tusd/5d1e9b.info"), "{}");
        String sha1 = TestFiles.sha1(file);

        HttpResponse<String> response = pipeline.postIntakeJson("/manual-upload", "{\"Type\":\"post-finish\",\"Event\":{"
                + "\"Upload\":{\"ID\":\"5d1e9b\",\"Size\":700000,\"Offset\":700000,\"IsFinal\":false,"
                + "\"MetaData\":{\"ace_id\":\"1013\",\"title\":\"Via tusd\",\"filename\":\"tusd.mp4\"},"
                + "\"Storage\":{\"Type\":\"filestore\",\"Path\":\"" + file + "\",\"InfoPath\":\"" + info + "\"}},"
                + "\"HTTPRequest\":{\"Method\":\"PATCH\",\"URI\":\"/files/5d1e9b\",\"RemoteAddr\":\"127.0.0.1:5000\",\"Header\":{}}}}");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = notificationFor("ace-1013");
        assertThat(body.get("title").asString()).isEqualTo("Via tusd");
        assertThat(body.get("file").get("sha1").asString()).isEqualTo(sha1);
        assertThat(info).doesNotExist();
    }

    @Test
    void manualUploadRefusesPathsOutsideTheTusDirectoryAndPublishesNothing() throws Exception {
        Path outside = TestFiles.random(dataDir.resolve("elsewhere/secret.mp4"), 1000, 17);
        Path tusDir = dataDir.resolve("tus");
        Files.createDirectories(tusDir.resolve("external"));
        Path link = tusDir.resolve("external/link.mp4");
        Files.createSymbolicLink(link, outside);

        Path ownUpload = TestFiles.random(tusDir.resolve("uploads/0b6c1f1e-aaaa-bbbb-cccc-111122223333/data"), 1000, 19);
        Map<String, Integer> cases = Map.of(
                "{\"ace_id\":\"2001\",\"path\":\"" + tusDir.resolve("external/../../elsewhere/secret.mp4") + "\"}", 403,
                "{\"ace_id\":\"2002\",\"path\":\"" + outside + "\"}", 403,
                "{\"ace_id\":\"2003\",\"path\":\"" + link + "\"}", 403,
                "{\"ace_id\":\"2004\",\"path\":\"external/link.mp4\"}", 400,
                "{\"ace_id\":\"2005\",\"path\":\"/etc/passwd\"}", 403,
                "{\"ace_id\":\"2006\",\"path\":\"" + tusDir.resolve("external/missing.mp4") + "\"}", 404,
                "{\"path\":\"" + outside + "\"}", 400,
                "{\"ace_id\":\"2008\",\"path\":\"" + tusDir + "\"}", 400,
                "{\"ace_id\":\"2009\",\"path\":\"" + ownUpload + "\"}", 409,
                "not json", 400);
        for (Map.Entry<String, Integer> c : cases.entrySet()) {
            HttpResponse<String> response = pipeline.postIntakeJson("/manual-upload", c.getKey());
            assertThat(response.statusCode()).as(c.getKey()).isEqualTo(c.getValue());
            assertThat(EventCodec.mapper().readTree(response.body()).get("reason")).as(c.getKey()).isNotNull();
        }
        assertThat(TopicProbe.readAll(pipeline.standalone().bootstrapServers(), Stage.DOWNLOAD.inbox()).stream().map(ConsumerRecord::key).toList())
                .noneMatch(key -> key.startsWith("ace-200"));
        assertThat(outside).exists();
    }

    /** How many times intake published this recording to {@code recordings.download}. */
    private static long published(String recordingId) {
        return TopicProbe.readAll(pipeline.standalone().bootstrapServers(), Stage.DOWNLOAD.inbox()).stream()
                .filter(record -> recordingId.equals(record.key())).count();
    }

    private static int status(ProtocolException e) {
        try {
            return e.getCausingConnection().getResponseCode();
        } catch (java.io.IOException io) {
            throw new AssertionError(io);
        }
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String sha1(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    }
}
