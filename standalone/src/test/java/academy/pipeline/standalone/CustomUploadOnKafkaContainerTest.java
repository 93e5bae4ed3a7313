package academy.pipeline.standalone;

import academy.pipeline.standalone.deploy.ComposeFile;
import academy.pipeline.standalone.deploy.Repository;
import academy.pipeline.testkit.WebsiteReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The custom-upload scenario of {@link CustomUploadEndToEndTest} on a real broker in a container, the image
 * docker-compose.yml runs in production: the whole pipeline (standalone with {@code embedded-broker=false}) against
 * Testcontainers Kafka. Runs where a Docker engine is reachable; skipped otherwise.
 */
@Testcontainers(disabledWithoutDocker = true)
class CustomUploadOnKafkaContainerTest {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(productionKafkaImage());

    @TempDir
    static Path dataDir;

    static WebsiteReceiver website;
    static StandaloneHarness pipeline;

    @BeforeAll
    static void start() throws Exception {
        website = WebsiteReceiver.start(CustomUploadScenario.WEBSITE_SECRET);
        List<String> args = new ArrayList<>(List.of(CustomUploadScenario.websiteArgs(website)));
        args.add("--pipeline.standalone.embedded-broker=false");
        args.add("--spring.kafka.bootstrap-servers=" + KAFKA.getBootstrapServers());
        pipeline = new StandaloneHarness(dataDir, args.toArray(String[]::new)).start();
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (website != null) {
            website.close();
        }
    }

    @Test
    void customUploadIsArchivedStreamedAndAnnouncedThenTheSpoolIsEmptied() throws Exception {
        new CustomUploadScenario(pipeline, website).customUploadIsArchivedStreamedAndAnnouncedThenTheSpoolIsEmptied();
    }

    private static String productionKafkaImage() {
        try {
            return ComposeFile.load(Repository.root()).service("kafka").image();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the broker image from docker-compose.yml", e);
        }
    }
}
