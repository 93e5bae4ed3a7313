package academy.pipeline.gateway.tus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiredUploadSweeperTest {

    @TempDir
    Path dir;

    private static String create(TusUploadStore store, String owner, long length) throws Exception {
        MockHttpServletRequest post = new MockHttpServletRequest("POST", TusSettings.PATH);
        post.addHeader("Tus-Resumable", "1.0.0");
        post.addHeader("Upload-Length", Long.toString(length));
        MockHttpServletResponse response = new MockHttpServletResponse();
        store.service().process(post, response, owner);
        assertThat(response.getStatus()).isEqualTo(201);
        return response.getHeader("Location");
    }

    private static void patch(TusUploadStore store, String uri, String owner, byte[] body) throws Exception {
        MockHttpServletRequest patch = new MockHttpServletRequest("PATCH", uri);
        patch.addHeader("Tus-Resumable", "1.0.0");
        patch.addHeader("Upload-Offset", "0");
        patch.addHeader("Content-Type", "application/offset+octet-stream");
        patch.setContent(body);
        MockHttpServletResponse response = new MockHttpServletResponse();
        store.service().process(patch, response, owner);
        assertThat(response.getStatus()).isEqualTo(204);
    }

    @Test
    void removesExpiredUploadsThatWereNeverPublishedAndKeepsPublishedOnes() throws Exception {
        TusUploadStore store = new TusUploadStore(dir.resolve("tus"), 1_000_000, 1);
        try (ExpiredUploadSweeper sweeper = new ExpiredUploadSweeper(store, Duration.ofHours(1))) {
            String unfinished = create(store, "a", 100);
            patch(store, unfinished, "a", new byte[40]);
            String published = create(store, "b", 10);
            patch(store, published, "b", new byte[10]);
            store.markPublished(store.find(published, "b").orElseThrow().getId());
            Thread.sleep(5);

            assertThat(sweeper.sweep()).isEqualTo(1);

            assertThat(store.find(unfinished, "a")).isEmpty();
            assertThat(store.find(published, "b")).isPresent();
            assertThat(Files.exists(store.dataFile(store.find(published, "b").orElseThrow().getId()))).isTrue();
        }
    }

    @Test
    void leavesUploadsAloneUntilTheyExpire() throws Exception {
        TusUploadStore store = new TusUploadStore(dir.resolve("tus"), 1_000_000, Duration.ofHours(24).toMillis());
        try (ExpiredUploadSweeper sweeper = new ExpiredUploadSweeper(store, Duration.ofHours(1))) {
            String unfinished = create(store, "a", 100);
            patch(store, unfinished, "a", new byte[40]);

            assertThat(sweeper.sweep()).isZero();
            assertThat(store.find(unfinished, "a")).isPresent();
        }
    }
}
