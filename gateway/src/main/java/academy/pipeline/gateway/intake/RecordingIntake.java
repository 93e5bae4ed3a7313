package academy.pipeline.gateway.intake;

import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Transition;
import academy.pipeline.core.runtime.EventPublisher;
import academy.pipeline.core.runtime.StatusPublisher;
import academy.pipeline.gateway.status.RecordingStatusView;
import academy.pipeline.gateway.web.RecordingNotPublishedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Where every intake path (Zoom, tus, manual, custom) hands over a recording: published to the download
 * stage and acknowledged by Kafka before the caller gets its answer.
 *
 * <p>Publishing does not hold a thread or a lock while Kafka acknowledges: concurrent recordings share the
 * producer's batches. The duplicate check is in memory (the status view, plus the recordings whose publish is in
 * flight), so it costs no broker round trip; a second delivery of a recording still in flight waits for the first
 * and is then reported a duplicate.
 */
public class RecordingIntake implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RecordingIntake.class);

    private final EventPublisher events;
    private final StatusPublisher status;
    private final RecordingStatusView view;
    private final Clock clock;
    private final Map<String, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();
    /** Runs what follows an acknowledgement off the producer's I/O thread, which must not block. */
    private final ExecutorService acknowledgements = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "intake-acks");
        thread.setDaemon(true);
        return thread;
    });

    public RecordingIntake(EventPublisher events, StatusPublisher status, RecordingStatusView view, Clock clock) {
        this.events = events;
        this.status = status;
        this.view = view;
        this.clock = clock;
    }

    /** Whether the pipeline already knows this recording (accepted earlier, possibly before a restart). */
    public boolean isKnown(String recordingId) {
        return view.find(recordingId).isPresent();
    }

    /**
     * Publishes the recording durably to {@code recordings.download}, unless the pipeline already knows it, and
     * waits for Kafka's acknowledgement.
     *
     * @return true when published; false when the recording was already known (nothing published)
     * @throws RecordingNotPublishedException when Kafka did not acknowledge it
     */
    public boolean accept(RecordingEvent event) {
        try {
            return acceptAsync(event).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RecordingNotPublishedException notPublished) {
                throw notPublished;
            }
            throw e;
        }
    }

    /**
     * Publishes the recording durably to {@code recordings.download}, unless the pipeline already knows it.
     * At most one publish per recording id is in flight, whichever endpoint it arrives on.
     *
     * @return completes with true once Kafka acknowledged the recording; with false when it was already known or
     *         a concurrent delivery of it was published; fails with {@link RecordingNotPublishedException} when
     *         Kafka did not acknowledge it
     */
    public CompletableFuture<Boolean> acceptAsync(RecordingEvent event) {
        String id = event.recordingId();
        if (isKnown(id)) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> earlier = inFlight.putIfAbsent(id, mine);
        if (earlier != null) {
            return earlier.thenApply(published -> false);
        }
        // published and no longer in flight between the first check and putIfAbsent: the view knows it by now
        if (isKnown(id)) {
            inFlight.remove(id, mine);
            mine.complete(false);
            return mine;
        }
        events.publishAsync(Stage.DOWNLOAD.inbox(), event).whenCompleteAsync((ignored, error) -> {
            try {
                if (error == null) {
                    recordAccepted(event);
                }
            } finally {
                inFlight.remove(id, mine);
                if (error == null) {
                    mine.complete(true);
                } else {
                    mine.completeExceptionally(new RecordingNotPublishedException(error));
                }
            }
        }, acknowledgements);
        return mine;
    }

    /** Into the view before the recording leaves {@link #inFlight}, so a later delivery finds it known. */
    private void recordAccepted(RecordingEvent event) {
        StatusEvent accepted = StatusEvent.of(event.recordingId(), Stage.DOWNLOAD, Transition.ACCEPTED, 0, clock.instant())
                .withEvent(event);
        view.apply(accepted);
        status.publish(accepted);
        MDC.put("recordingId", event.recordingId());
        try {
            log.info("accepted {} recording \"{}\"", event.source().id(), event.title());
        } finally {
            MDC.remove("recordingId");
        }
    }

    @Override
    public void close() {
        acknowledgements.shutdown();
    }
}
