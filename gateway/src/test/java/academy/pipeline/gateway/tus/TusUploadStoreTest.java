package academy.pipeline.gateway.tus;

import me.desair.tus.server.upload.UploadId;
import me.desair.tus.server.upload.UploadInfo;
import me.desair.tus.server.upload.UuidUploadIdFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TusUploadStoreTest {

    @TempDir
    Path dir;

    @Test
    void markingAnUploadThatStageDownloadAlreadyTookOverIsNotAnError() throws Exception {
        try (TusUploadStore store = new TusUploadStore(dir.resolve("tus"), 1_000_000, 60_000)) {
            MockHttpServletRequest post = new MockHttpServletRequest("POST", TusSettings.PATH);
            post.addHeader("Tus-Resumable", "1.0.0");
            post.addHeader("Upload-Length", "10");
            MockHttpServletResponse created = new MockHttpServletResponse();
            store.service().process(post, created, "a");
            UploadId id = store.idOf(created.getHeader("Location"));
            // stage-download moves the data out and removes the directory as soon as the event is published
            try (Stream<Path> files = Files.walk(store.directory(id))) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }

            store.markPublished(id);

            assertThat(store.read(id, "a")).isEmpty();
            assertThat(Files.exists(store.directory(id))).isFalse();
        }
    }

    @Test
    void infoIsReadByManyThreadsWithoutALockWhileItIsRewritten() throws Exception {
        ExecutorService syncer = Executors.newSingleThreadExecutor();
        try {
            SyncBehindDiskStorage storage = new SyncBehindDiskStorage(Files.createDirectories(dir.resolve("tus")), syncer);
            UuidUploadIdFactory ids = new UuidUploadIdFactory();
            ids.setUploadUri(TusSettings.PATH);
            storage.setIdFactory(ids);
            UploadInfo created = new UploadInfo();
            created.setLength(10L);
            UploadInfo info = storage.create(created, "a");
            AtomicInteger failures = new AtomicInteger();
            Runnable reader = () -> {
                for (int i = 0; i < 2000; i++) {
                    try {
                        if (storage.getUploadInfo(info.getId()) == null) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            };
            Thread first = new Thread(reader);
            Thread second = new Thread(reader);
            first.start();
            second.start();
            for (int i = 0; i < 2000; i++) {
                info.setOffset((long) (i % 10));
                storage.update(info);
            }
            first.join();
            second.join();

            assertThat(failures.get()).isZero();
        } finally {
            syncer.shutdownNow();
        }
    }
}
