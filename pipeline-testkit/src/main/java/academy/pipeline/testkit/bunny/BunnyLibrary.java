package academy.pipeline.testkit.bunny;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The double's one video library: its key, its videos, and the clock that moves uploaded videos along. */
final class BunnyLibrary implements AutoCloseable {

    private final String libraryId;
    private volatile String apiKey;
    private final Clock clock;
    private final Map<String, DoubleVideo> videos = new ConcurrentHashMap<>();
    private final List<String> creationOrder = new ArrayList<>();
    private final AtomicInteger created = new AtomicInteger();
    private final ScheduledThreadPoolExecutor encoder = new ScheduledThreadPoolExecutor(1, r -> {
        Thread thread = new Thread(r, "bunny-double-encoder");
        thread.setDaemon(true);
        // not the servlet's class loader, which Tomcat would report as leaked at shutdown
        thread.setContextClassLoader(BunnyLibrary.class.getClassLoader());
        return thread;
    });
    private volatile Duration encodingStep = Duration.ofMillis(200);

    BunnyLibrary(String libraryId, String apiKey, Clock clock) {
        this.libraryId = libraryId;
        this.apiKey = apiKey;
        this.clock = clock;
        encoder.prestartAllCoreThreads();
    }

    String id() {
        return libraryId;
    }

    String apiKey() {
        return apiKey;
    }

    void apiKey(String key) {
        apiKey = key;
    }

    Clock clock() {
        return clock;
    }

    void encodingStep(Duration step) {
        encodingStep = step;
    }

    DoubleVideo create(String title, String collectionId) {
        DoubleVideo video = new DoubleVideo(libraryId, UUID.randomUUID().toString(), title, collectionId,
                clock.instant());
        videos.put(video.guid(), video);
        synchronized (creationOrder) {
            creationOrder.add(video.guid());
        }
        created.incrementAndGet();
        return video;
    }

    Optional<DoubleVideo> find(String guid) {
        return guid == null ? Optional.empty() : Optional.ofNullable(videos.get(guid));
    }

    boolean delete(String guid) {
        return videos.remove(guid) != null;
    }

    /** Videos that exist now, oldest first. */
    List<DoubleVideo> videos() {
        synchronized (creationOrder) {
            return creationOrder.stream().map(videos::get).filter(v -> v != null).toList();
        }
    }

    int createdCount() {
        return created.get();
    }

    /** All bytes arrived: Uploaded now, Processing one step later, Finished one more step later. */
    void uploaded(DoubleVideo video, long size) {
        video.uploaded(size);
        long step = encodingStep.toMillis();
        encoder.schedule(() -> video.status(DoubleVideo.PROCESSING), step, TimeUnit.MILLISECONDS);
        encoder.schedule(() -> video.status(DoubleVideo.FINISHED), 2 * step, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        encoder.shutdownNow();
    }
}
