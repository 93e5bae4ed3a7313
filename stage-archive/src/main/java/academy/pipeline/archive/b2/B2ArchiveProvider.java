package academy.pipeline.archive.b2;

import academy.pipeline.archive.ArchiveProvider;
import academy.pipeline.core.event.ArchivedFile;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.runtime.RetryableStepException;
import academy.pipeline.core.runtime.StepContext;
import com.backblaze.b2.client.B2StorageClient;
import com.backblaze.b2.client.exceptions.B2Exception;
import com.backblaze.b2.client.exceptions.B2RuntimeException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Archives into a Backblaze B2 bucket with b2-sdk-java (see {@link B2FileArchiver} for the upload and its
 * idempotency). A circuit breaker surrounds every archive: when most recent archives failed with retryable B2
 * errors (outage, timeouts), it opens and archives fail at once into the retry topics instead of each waiting out
 * the SDK's timeouts and backoffs; after the open duration one trial archive goes through.
 */
public class B2ArchiveProvider implements ArchiveProvider, AutoCloseable {

    private final B2StorageClient client;
    private final ExecutorService uploadPool;
    private final ExecutorService hashPool;
    private final B2FileArchiver archiver;
    private final CircuitBreaker breaker;
    private final Duration openDuration;

    /**
     * A provider with its own B2 client, part-upload pool ({@code upload-threads} threads) and hashing thread;
     * {@link #close()} releases them.
     */
    public B2ArchiveProvider(B2ArchiveSettings settings) {
        this.client = B2Clients.create(settings);
        this.uploadPool = Executors.newFixedThreadPool(settings.uploadThreads(), daemonThreads("b2-upload-"));
        this.hashPool = Executors.newSingleThreadExecutor(daemonThreads("b2-sha1-"));
        this.archiver = new B2FileArchiver(client, settings.bucketName(), settings.largeFileThreshold().toBytes(),
                uploadPool, settings.verifyLargeFiles() ? hashPool : null);
        this.openDuration = settings.breakerOpenDuration();
        this.breaker = CircuitBreaker.of("b2-archive", CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.breakerFailureRate())
                .minimumNumberOfCalls(settings.breakerMinimumCalls())
                .slidingWindowSize(Math.max(settings.breakerMinimumCalls(), 10))
                .waitDurationInOpenState(settings.breakerOpenDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(e -> e instanceof RetryableStepException)
                .build());
    }

    @Override
    public String id() {
        return "b2";
    }

    /** The circuit's state ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}), for logs and tests. */
    String circuitState() {
        return breaker.getState().name();
    }

    @Override
    public ArchivedFile archive(RecordingEvent event, Path file, String fileName, StepContext context) throws Exception {
        try {
            return breaker.executeCheckedSupplier(() -> archiveNow(event, file, fileName, context));
        } catch (CallNotPermittedException e) {
            throw new RetryableStepException("B2 circuit breaker is open after repeated B2 failures; not calling B2 "
                    + "for up to " + openDuration.toSeconds() + " s");
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        uploadPool.shutdownNow();
        hashPool.shutdownNow();
        client.close();
    }

    private ArchivedFile archiveNow(RecordingEvent event, Path file, String fileName, StepContext context)
            throws Exception {
        SpooledFile spooled = event.requireSpooled();
        try {
            B2FileArchiver.Archived archived = archiver.archive(file, fileName, spooled.contentType(), spooled.sha1(),
                    context.transfer(spooled.size()));
            return new ArchivedFile(id(), archiver.bucketName(), fileName, archived.version().getFileId(),
                    archiver.downloadUrl(fileName), archived.sha1());
        } catch (B2Exception e) {
            throw B2Failures.map(e, "archive of " + fileName);
        } catch (B2RuntimeException e) {
            // the SDK's listing iterators wrap the call's B2Exception (a revoked key's 401 included) in this
            if (e.getCause() instanceof B2Exception cause) {
                throw B2Failures.map(cause, "archive of " + fileName);
            }
            throw e;
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
        threads.setDaemon(true);
        return threads;
    }
}
