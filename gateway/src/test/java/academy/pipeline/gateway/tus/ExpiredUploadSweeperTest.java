package academy.pipeline.gateway.tus;

import me.desair.tus.server.upload.UploadId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

    /** The store's expiry is a millisecond, so this returns almost at once. */
    private static void awaitExpired(TusUploadStore store, String uri, String owner) {
        await().atMost(Duration.ofSeconds(5)).until(() -> store.find(uri, owner).orElseThrow().isExpired());
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
            awaitExpired(store, unfinished, "a");
            awaitExpired(store, published, "b");

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

    @Test
    void anUploadARequestIsOnIsCheckedOnlyAfterItsRequestEndedAndKeptWhenThatRequestPublishedIt() throws Exception {
        TusUploadStore store = new TusUploadStore(dir.resolve("tus"), 1_000_000, 1);
        try (ExpiredUploadSweeper sweeper = new ExpiredUploadSweeper(store, Duration.ofHours(1))) {
            String uri = create(store, "a", 10);
            patch(store, uri, "a", new byte[10]);
            UploadId id = store.find(uri, "a").orElseThrow().getId();
            awaitExpired(store, uri, "a");
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch publish = new CountDownLatch(1);
            // a request finishing the upload: it holds the upload while it publishes and marks it
            Thread request = new Thread(() -> {
                try (UploadLocks.Hold ignored = store.locks().upload(id, Duration.ZERO)) {
                    held.countDown();
                    publish.await();
                    store.markPublished(id);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            request.start();
            held.await();

            assertThat(sweeper.sweep()).isZero();
            publish.countDown();
            request.join();
            assertThat(sweeper.sweep()).isZero();

            assertThat(store.find(uri, "a")).isPresent();
            assertThat(Files.exists(store.dataFile(id))).isTrue();
        }
    }

    @Test
    void aRequestPublishingAnUploadWhileTheSweepLooksAtItNeverLosesItsFile() throws Exception {
        AtomicReference<Thread> request = new AtomicReference<>();
        AtomicBoolean publishedByRequest = new AtomicBoolean();
        TusUploadStore store = new TusUploadStore(dir.resolve("tus"), 1_000_000, 1) {
            @Override
            public boolean isPublished(UploadId id) {
                boolean published = super.isPublished(id);
                if (request.get() == null && Thread.currentThread().getName().equals("sweep")) {
                    // the last PATCH's completion arrives right after the sweep's check
                    Thread completion = new Thread(() -> {
                        try (UploadLocks.Hold ignored = locks().upload(id, Duration.ofSeconds(10))) {
                            if (read(id, "a").isPresent()) {
                                markPublished(id);
                                publishedByRequest.set(true);
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    request.set(completion);
                    completion.start();
                    await().until(() -> !completion.isAlive() || completion.getState() == Thread.State.TIMED_WAITING);
                }
                return published;
            }
        };
        try (ExpiredUploadSweeper sweeper = new ExpiredUploadSweeper(store, Duration.ofHours(1))) {
            String uri = create(store, "a", 10);
            patch(store, uri, "a", new byte[10]);
            UploadId id = store.find(uri, "a").orElseThrow().getId();
            awaitExpired(store, uri, "a");

            Thread sweep = new Thread(() -> {
                try {
                    sweeper.sweep();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "sweep");
            sweep.start();
            sweep.join();
            request.get().join();

            assertThat(publishedByRequest.get()).as("published").isEqualTo(Files.exists(store.dataFile(id)));
        }
    }
}
