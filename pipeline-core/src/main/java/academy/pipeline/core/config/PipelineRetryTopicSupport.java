package academy.pipeline.core.config;

import academy.pipeline.core.runtime.FailureHeaders;
import academy.pipeline.core.runtime.StepInterruptedByShutdownException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.retrytopic.RetryTopicSchedulerWrapper;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;

import org.springframework.util.backoff.FixedBackOff;

import java.util.function.Consumer;

/** Retry-topic infrastructure, with the pipeline's failure headers on every forwarded record. */
@Configuration(proxyBeanMethods = false)
class PipelineRetryTopicSupport extends RetryTopicConfigurationSupport {

    /** Wakes paused retry-topic partitions when their delay is over. */
    @Bean
    RetryTopicSchedulerWrapper retryTopicSchedulerWrapper() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("retry-topic-");
        scheduler.initialize();
        return new RetryTopicSchedulerWrapper(scheduler);
    }

    /**
     * A step interrupted by the service's shutdown is retried in place, not forwarded to a retry topic: the
     * error handler seeks back to it, the stopping container does not wait out the back-off, and the record
     * stays uncommitted, so the next start redoes it at once with the same attempt number.
     */
    @Override
    protected void configureBlockingRetries(BlockingRetriesConfigurer blockingRetries) {
        blockingRetries.retryOn(StepInterruptedByShutdownException.class)
                .backOff(new FixedBackOff(1_000, FixedBackOff.UNLIMITED_ATTEMPTS));
    }

    @Override
    protected Consumer<DeadLetterPublishingRecovererFactory> configureDeadLetterPublishingContainerFactory() {
        return factory -> {
            factory.setDeadLetterPublishingRecovererCustomizer(recoverer -> recoverer.addHeadersFunction(FailureHeaders::of));
            // The step already logged one line with recording, stage, attempt and reason.
            factory.neverLogListenerException();
        };
    }
}
