package academy.pipeline.standalone;

import academy.pipeline.testkit.WebsiteReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A custom upload through the real standalone pipeline: embedded broker, real HTTP to a website double. */
class CustomUploadEndToEndTest {

    @TempDir
    static Path dataDir;

    static WebsiteReceiver website;
    static StandaloneHarness pipeline;

    @BeforeAll
    static void start() throws Exception {
        website = WebsiteReceiver.start(CustomUploadScenario.WEBSITE_SECRET);
        pipeline = new StandaloneHarness(dataDir, CustomUploadScenario.websiteArgs(website)).start();
    }

    @AfterAll
    static void stop() {
        pipeline.close();
        website.close();
    }

    @Test
    void customUploadIsArchivedStreamedAndAnnouncedThenTheSpoolIsEmptied() throws Exception {
        new CustomUploadScenario(pipeline, website).customUploadIsArchivedStreamedAndAnnouncedThenTheSpoolIsEmptied();
    }
}
