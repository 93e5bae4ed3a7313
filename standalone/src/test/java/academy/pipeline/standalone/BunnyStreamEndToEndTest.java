package academy.pipeline.standalone;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.WebsiteReceiver;
import academy.pipeline.testkit.bunny.BunnyStreamDouble;
import academy.pipeline.testkit.bunny.DoubleVideo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Bunny credentials set, the standalone pipeline hosts a custom upload on Bunny Stream (here the double,
 * over real HTTP) and the website is told the library, video and URLs; the state file goes with the spool.
 */
class BunnyStreamEndToEndTest {

    @TempDir
    Path dataDir;

    @Test
    void customUploadIsHostedOnBunnyAndAnnouncedWithItsVideo() throws Exception {
        try (WebsiteReceiver website = WebsiteReceiver.start("s");
             BunnyStreamDouble bunny = BunnyStreamDouble.start(dataDir.resolve("bunny"), "777", "bunny-key");
             StandaloneHarness pipeline = new StandaloneHarness(dataDir,
                     "--pipeline.notify.website-url=" + website.url(), "--pipeline.notify.secret=s",
                     "--pipeline.stream.bunny.library-id=777", "--pipeline.stream.bunny.api-key=bunny-key",
                     "--pipeline.stream.bunny.api-url=" + bunny.apiUrl(),
                     "--pipeline.stream.bunny.tus-url=" + bunny.tusUrl(),
                     "--pipeline.stream.bunny.chunk-size=256KB", "--pipeline.stream.bunny.request-size=1MB")) {
            pipeline.start();
            Path source = TestFiles.random(dataDir.resolve("incoming/seminar.mp4"), 2_500_000, 5);

            HttpResponse<String> response = pipeline.postJson("/custom-upload",
                    "{\"path\":\"" + source + "\",\"title\":\"Seminar 3\"}");
            assertThat(response.statusCode()).isEqualTo(202);
            String recordingId = EventCodec.mapper().readTree(response.body()).get("recordingId").asString();

            await().atMost(Duration.ofSeconds(90)).until(() -> !website.accepted().isEmpty());
            JsonNode stream = EventCodec.mapper().readTree(website.accepted().get(0).body()).get("stream");
            assertThat(stream.get("provider").asString()).isEqualTo("bunny");
            assertThat(stream.get("libraryId").asString()).isEqualTo("777");
            String videoId = stream.get("videoId").asString();
            assertThat(stream.get("embedUrl").asString()).isEqualTo("https://iframe.mediadelivery.net/embed/777/" + videoId);
            assertThat(bunny.videos()).extracting(DoubleVideo::guid).containsExactly(videoId);
            assertThat(bunny.video(videoId).orElseThrow().title()).isEqualTo("Seminar 3");
            assertThat(bunny.sha1(videoId)).isEqualTo(TestFiles.sha1(source));
            assertThat(dataDir.resolve("stream")).doesNotExist();
            await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(dataDir.resolve("spool").resolve(recordingId)));
        }
    }
}
