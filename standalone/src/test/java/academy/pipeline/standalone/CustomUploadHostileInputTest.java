package academy.pipeline.standalone;

import academy.pipeline.core.event.Topics;
import academy.pipeline.testkit.TestFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Every hostile /custom-upload request gets a 4xx with a JSON reason and publishes nothing. */
class CustomUploadHostileInputTest {

    private static final String INTERNAL_TOKEN = "internal-token-for-tests";

    @TempDir
    static Path dataDir;

    @TempDir
    static Path outside;

    static StandaloneHarness pipeline;
    static Path incoming;
    long downloadTopicEnd;

    @BeforeAll
    static void start() throws Exception {
        pipeline = new StandaloneHarness(dataDir, "--pipeline.gateway.internal-token=" + INTERNAL_TOKEN).start();
        incoming = dataDir.resolve("incoming").toRealPath();
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    @BeforeEach
    void rememberWhatWasPublished() {
        downloadTopicEnd = TopicProbe.endOffset(pipeline.standalone().bootstrapServers(), Topics.DOWNLOAD);
    }

    @AfterEach
    void nothingWasPublished() {
        assertThat(TopicProbe.endOffset(pipeline.standalone().bootstrapServers(), Topics.DOWNLOAD)).isEqualTo(downloadTopicEnd);
    }

    private HttpResponse<String> upload(String path) throws Exception {
        return pipeline.postJson("/custom-upload", "{\"path\":\"" + path + "\",\"title\":\"x\"}");
    }

    private static void assertRefused(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        assertThat(response.body()).contains("\"error\":\"" + error + "\"").contains("\"reason\":");
    }

    @Test
    void traversalOutOfTheAllowedDirectoryIsRefused() throws Exception {
        Path secret = TestFiles.random(outside.resolve("secret.mp4"), 10, 1);

        assertRefused(upload(incoming + "/../../" + outside.getFileName() + "/secret.mp4"), 403, "path_outside_allowed_dirs");
        assertRefused(upload(secret.toString()), 403, "path_outside_allowed_dirs");
    }

    @Test
    void aSymlinkPointingOutsideIsRefused() throws Exception {
        Path secret = TestFiles.random(outside.resolve("target.mp4"), 10, 2);
        Path link = Files.createSymbolicLink(incoming.resolve("innocent.mp4"), secret);

        assertRefused(upload(link.toString()), 403, "path_outside_allowed_dirs");
    }

    @Test
    void directoriesMissingFilesAndRelativePathsAreRefused() throws Exception {
        Path dir = Files.createDirectories(incoming.resolve("a-folder"));

        assertRefused(upload(dir.toString()), 400, "not_a_regular_file");
        assertRefused(upload(incoming.resolve("missing.mp4").toString()), 404, "file_not_found");
        assertRefused(upload("incoming/lecture.mp4"), 400, "relative_path");
        assertRefused(pipeline.postJson("/custom-upload", "{\"title\":\"no path\"}"), 400, "missing_path");
    }

    @Test
    void malformedBodiesAreRefused() throws Exception {
        assertRefused(pipeline.postJson("/custom-upload", "{\"path\": "), 400, "malformed_json");
        assertRefused(pipeline.postJson("/custom-upload", "[1,2]"), 400, "malformed_json");
        assertRefused(pipeline.postJson("/custom-upload", "{\"path\":\"" + incoming + "/x.mp4\",\"metadata\":{\"k\":{\"nested\":1}}}"),
                400, "malformed_json");
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 60; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        TestFiles.random(incoming.resolve("ok.mp4"), 10, 3);
        assertRefused(pipeline.postJson("/custom-upload", "{\"path\":\"" + incoming + "/ok.mp4\",\"metadata\":" + many + "}}"),
                400, "too_much_metadata");
    }

    @Test
    void nonLoopbackCallersNeedTheInternalToken() throws Exception {
        Path file = TestFiles.random(incoming.resolve("remote.mp4"), 10, 4);
        MockMvc mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) pipeline.standalone().context()).build();
        String body = "{\"path\":\"" + file + "\"}";

        mvc.perform(post("/custom-upload").contentType(MediaType.APPLICATION_JSON).content(body)
                        .with(request -> {
                            request.setRemoteAddr("203.0.113.9");
                            return request;
                        }))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value("forbidden"));
        mvc.perform(post("/custom-upload").contentType(MediaType.APPLICATION_JSON).content(body)
                        .header("Authorization", "Bearer wrong-token")
                        .with(request -> {
                            request.setRemoteAddr("203.0.113.9");
                            return request;
                        }))
                .andExpect(status().isForbidden());
    }
}
