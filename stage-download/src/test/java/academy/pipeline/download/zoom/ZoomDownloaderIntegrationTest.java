package academy.pipeline.download.zoom;

import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.ZoomFile;
import academy.pipeline.core.http.HttpSettings;
import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.core.runtime.StepContext;
import academy.pipeline.core.spool.Spool;
import academy.pipeline.core.spool.TransferListener;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.zoom.ZoomDownloadServer;
import academy.pipeline.testkit.zoom.ZoomDownloadServer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Zoom fetcher as stage-download wires it, against the Zoom double over real HTTP; attempts are run one
 * after the other the way the retry topics would run them.
 */
class ZoomDownloaderIntegrationTest {

    @TempDir
    Path dir;

    ZoomDownloadServer zoom;
    Spool spool;
    final AtomicLong progress = new AtomicLong();

    @BeforeEach
    void start() throws IOException {
        zoom = ZoomDownloadServer.start();
        spool = new Spool(dir.resolve("spool"));
    }

    @AfterEach
    void stop() {
        zoom.close();
    }

    @Test
    void rejectedTokenWithoutOAuthCredentialsIsFatalAndSaysWhatToConfigure() throws IOException {
        RecordingFile file = zoom.add("uuid-1", "file-1", TestFiles.random(dir.resolve("a.mp4"), 10_000, 1));
        ZoomDownloader downloader = downloader(List.of("127.0.0.1"));

        assertThatThrownBy(() -> downloader.fetch(event("file-1", file.webhookDownloadUrl(), "never-issued", 10_000L), attempt(1)))
                .isInstanceOf(FatalStepException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("ZOOM_ACCOUNT_ID")
                .hasMessageNotContaining("never-issued");
    }

    @Test
    void serverIgnoringRangeMakesTheRetryStartOverAndTheResultIsStillWhole() throws Exception {
        Path source = TestFiles.random(dir.resolve("b.mp4"), 1_000_000, 2);
        RecordingFile file = zoom.add("uuid-2", "file-2", source).ignoreRange().cutAfter(500_000, 1);
        ZoomDownloader downloader = downloader(List.of("127.0.0.1"));
        RecordingEvent event = event("file-2", file.webhookDownloadUrl(), token(), 1_000_000L);

        assertThatThrownBy(() -> downloader.fetch(event, attempt(1))).isInstanceOf(IOException.class);
        SpooledFile spooled = downloader.fetch(event, attempt(2));

        assertThat(spooled.size()).isEqualTo(1_000_000);
        assertThat(spooled.sha1()).isEqualTo(TestFiles.sha1(source));
        assertThat(TestFiles.sha1(spool.resolve(spooled))).isEqualTo(TestFiles.sha1(source));
        List<ZoomDownloadServer.Request> storage = storageRequests();
        assertThat(storage).extracting(ZoomDownloadServer.Request::range).containsExactly(null, "bytes=500000-");
        assertThat(storage).extracting(ZoomDownloadServer.Request::status).containsExactly(200, 200);
        assertThat(progress.get()).isEqualTo(1_000_000);
    }

    @Test
    void fileCommittedByAnEarlierAttemptIsVerifiedNotDownloadedAgain() throws Exception {
        Path source = TestFiles.random(dir.resolve("c.mp4"), 300_000, 3);
        RecordingFile file = zoom.add("uuid-3", "file-3", source);
        ZoomDownloader downloader = downloader(List.of("127.0.0.1"));
        RecordingEvent event = event("file-3", file.webhookDownloadUrl(), token(), 300_000L);

        SpooledFile first = downloader.fetch(event, attempt(1));
        SpooledFile again = downloader.fetch(event, attempt(1));

        assertThat(again).isEqualTo(first);
        assertThat(storageRequests()).hasSize(1);
    }

    @Test
    void downloadUrlOffTheAllowlistIsRefusedBeforeAnyRequest() throws IOException {
        RecordingFile file = zoom.add("uuid-4", "file-4", TestFiles.random(dir.resolve("d.mp4"), 10_000, 4));
        ZoomDownloader downloader = downloader(List.of("127.0.0.1"));
        String foreign = file.webhookDownloadUrl().replace("127.0.0.1", "localhost");

        assertThatThrownBy(() -> downloader.fetch(event("file-4", foreign, token(), 10_000L), attempt(1)))
                .isInstanceOf(FatalStepException.class)
                .hasMessageContaining("not on the Zoom download allowlist");
        assertThat(zoom.requests()).isEmpty();
    }

    @Test
    void bearerTokenIsNotForwardedToAnotherHostAfterTheRedirect() throws Exception {
        Path source = TestFiles.random(dir.resolve("e.mp4"), 50_000, 5);
        RecordingFile file = zoom.add("uuid-5", "file-5", source).redirectTo("localhost");
        ZoomDownloader downloader = downloader(List.of("127.0.0.1", "localhost"));

        SpooledFile spooled = downloader.fetch(event("file-5", file.webhookDownloadUrl(), token(), 50_000L), attempt(1));

        assertThat(spooled.sha1()).isEqualTo(TestFiles.sha1(source));
        assertThat(zoom.requests()).extracting(ZoomDownloadServer.Request::bearer).containsExactly(true, false);
    }

    @Test
    void allowlistEntriesMatchThemselvesAndTheirSubdomainsOnly() {
        HostAllowlist zoomHosts = new HostAllowlist(List.of("zoom.us", "zoom.com"), false);

        assertThat(zoomHosts.allows(URI.create("https://zoom.us/rec/download/x"))).isTrue();
        assertThat(zoomHosts.allows(URI.create("https://us02web.zoom.us/rec/webhook_download/x"))).isTrue();
        assertThat(zoomHosts.allows(URI.create("https://ssrweb.zoom.us/file?Signature=x"))).isTrue();
        assertThat(zoomHosts.allows(URI.create("https://eu.zoom.com/x"))).isTrue();
        assertThat(zoomHosts.allows(URI.create("https://evilzoom.us/x"))).isFalse();
        assertThat(zoomHosts.allows(URI.create("https://zoom.us.evil.example/x"))).isFalse();
        assertThat(zoomHosts.allows(URI.create("https://user@169.254.169.254/x"))).isFalse();
        assertThat(zoomHosts.allows(URI.create("file:///etc/passwd"))).isFalse();
        assertThat(new HostAllowlist(List.of("127.0.0.1"), true).allows(URI.create("http://1127.0.0.1/x"))).isFalse();
    }

    @Test
    void onlyHttpsOnPort443IsAllowedUnlessTheTestSettingSaysOtherwise() {
        HostAllowlist zoomHosts = new HostAllowlist(List.of("zoom.us"), false);

        assertThat(zoomHosts.allows(URI.create("https://zoom.us:443/rec/download/x"))).isTrue();
        assertThat(zoomHosts.allows(URI.create("http://zoom.us/rec/download/x"))).isFalse();
        assertThat(zoomHosts.allows(URI.create("http://zoom.us:443/rec/download/x"))).isFalse();
        assertThat(zoomHosts.allows(URI.create("https://zoom.us:8443/rec/download/x"))).isFalse();
        assertThat(zoomHosts.allows(URI.create("https://ssrweb.zoom.us:22/x"))).isFalse();
        HostAllowlist forTests = new HostAllowlist(List.of("127.0.0.1"), true);
        assertThat(forTests.allows(URI.create("http://127.0.0.1:8080/x"))).isTrue();
        assertThat(forTests.allows(URI.create("ftp://127.0.0.1/x"))).isFalse();
    }

    @Test
    void anHttpDownloadUrlOnAnAllowedHostIsFatalWithoutBeingContacted() throws IOException {
        RecordingFile file = zoom.add("uuid-http", "file-http", TestFiles.random(dir.resolve("http.mp4"), 10_000, 9));
        ZoomDownloader downloader = downloader(List.of("127.0.0.1"), false);

        assertThatThrownBy(() -> downloader.fetch(event("file-http", file.webhookDownloadUrl(), token(), 10_000L), attempt(1)))
                .isInstanceOf(FatalStepException.class)
                .hasMessageContaining("only https on port 443");
        assertThat(zoom.requests()).isEmpty();
    }

    @Test
    void aReplayedRecordingWithoutATokenGetsAFreshOneThroughOAuthWithoutATokenlessTry() throws Exception {
        Path source = TestFiles.random(dir.resolve("replay.mp4"), 40_000, 11);
        RecordingFile file = zoom.add("uuid", "file-replay", source);

        SpooledFile spooled = downloaderWithApi().fetch(event("file-replay", file.webhookDownloadUrl(), null, 40_000L), attempt(1));

        assertThat(spooled.sha1()).isEqualTo(TestFiles.sha1(source));
        assertThat(zoom.requests()).extracting(ZoomDownloadServer.Request::path).first().isEqualTo("/oauth/token");
        assertThat(zoom.requests()).noneMatch(r -> r.path().startsWith("/rec/") && r.status() == 401);
    }

    @Test
    void anExpiredTokenAnswered401IsReplacedOnce() throws Exception {
        Path source = TestFiles.random(dir.resolve("expired.mp4"), 40_000, 12);
        RecordingFile file = zoom.add("uuid", "file-expired", source);
        String token = token();
        zoom.expireToken(token);

        SpooledFile spooled = downloaderWithApi().fetch(event("file-expired", file.webhookDownloadUrl(), token, 40_000L), attempt(1));

        assertThat(spooled.sha1()).isEqualTo(TestFiles.sha1(source));
        assertThat(zoom.requests()).filteredOn(r -> r.path().equals("/oauth/token")).hasSize(1);
    }

    @Test
    void anHtmlPageInsteadOfTheFileIsRetriedOnceWithAFreshToken() throws Exception {
        Path source = TestFiles.random(dir.resolve("html.mp4"), 40_000, 13);
        String token = token();
        RecordingFile file = zoom.add("uuid", "file-html", source).htmlWith(token);

        SpooledFile spooled = downloaderWithApi().fetch(event("file-html", file.webhookDownloadUrl(), token, 40_000L), attempt(1));

        assertThat(spooled.sha1()).isEqualTo(TestFiles.sha1(source));
        assertThat(zoom.requests()).filteredOn(r -> r.path().equals("/oauth/token")).hasSize(1);
    }

    @Test
    void anHtmlPageForTheFreshTokenTooIsFatalAfterOneRetry() throws IOException {
        RecordingFile file = zoom.add("uuid", "file-gone", TestFiles.random(dir.resolve("gone.mp4"), 10_000, 14)).html();
        ZoomDownloader downloader = downloaderWithApi();

        assertThatThrownBy(() -> downloader.fetch(event("file-gone", file.webhookDownloadUrl(), token(), 10_000L), attempt(1)))
                .isInstanceOf(FatalStepException.class)
                .hasMessageContaining("HTML page")
                .hasMessageContaining("freshly issued");
        assertThat(zoom.requests()).filteredOn(r -> r.path().equals("/oauth/token")).hasSize(1);
    }

    @Test
    void meetingUuidsAreEncodedOnceOrTwiceAsZoomRequires() {
        assertThat(ZoomRecordingsApi.encodeUuid("4444AAAiAAAAAiAiAiiAii==")).isEqualTo("4444AAAiAAAAAiAiAiiAii%3D%3D");
        assertThat(ZoomRecordingsApi.encodeUuid("/ajXp112QmuoKj4854875==")).isEqualTo("%252FajXp112QmuoKj4854875%253D%253D");
        assertThat(ZoomRecordingsApi.encodeUuid("ab//cd+e")).isEqualTo("ab%252F%252Fcd%252Be");
    }

    /** A downloader against the double, which serves http on a random port: insecure hosts allowed. */
    private ZoomDownloader downloader(List<String> allowedHosts) {
        return downloader(allowedHosts, true);
    }

    /** With the S2S OAuth app configured, so rejected tokens can be replaced. */
    private ZoomDownloader downloaderWithApi() {
        zoom.acceptCredentials("account-1", "client-1", "secret-1");
        ZoomDownloadSettings settings = new ZoomDownloadSettings(List.of("127.0.0.1"), true, 5, "account-1", "client-1",
                "secret-1", zoom.oauthUrl(), zoom.apiUrl(), Duration.ofHours(1), false);
        HttpSettings http = new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5));
        return ZoomDownloadConfiguration.create(http, settings, spool);
    }

    private ZoomDownloader downloader(List<String> allowedHosts, boolean allowInsecureHosts) {
        ZoomDownloadSettings settings = new ZoomDownloadSettings(allowedHosts, allowInsecureHosts, 5, null, null, null,
                zoom.oauthUrl(), zoom.apiUrl(), Duration.ofHours(1), false);
        HttpSettings http = new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5));
        return ZoomDownloadConfiguration.create(http, settings, spool);
    }

    private String token() {
        String token = "dl-" + UUID.randomUUID();
        zoom.acceptToken(token);
        return token;
    }

    private List<ZoomDownloadServer.Request> storageRequests() {
        return zoom.requests().stream().filter(r -> r.path().startsWith("/storage/")).toList();
    }

    private static RecordingEvent event(String fileId, String url, String token, Long size) {
        return RecordingEvent.accepted("zoom-test-" + fileId, Source.ZOOM, "Lecture",
                Map.of(), Origin.ofZoom(new ZoomFile("uuid", fileId), url, token, size, "Lecture speaker_view.mp4",
                        "video/mp4"), Instant.now());
    }

    /** The context of one attempt, as the stage runtime would hand it over: no deadline pressure, progress kept. */
    private StepContext attempt(int number) {
        return new StepContext() {
            @Override
            public String recordingId() {
                return "zoom-test";
            }

            @Override
            public Stage stage() {
                return Stage.DOWNLOAD;
            }

            @Override
            public int attempt() {
                return number;
            }

            @Override
            public Instant deadline() {
                return Instant.now().plusSeconds(60);
            }

            @Override
            public TransferListener transfer(long totalBytes) {
                return progress::set;
            }
        };
    }
}
