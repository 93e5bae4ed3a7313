package academy.pipeline.core.config;

import academy.pipeline.core.runtime.FailureHeaders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.retrytopic.RetryTopicSchedulerWrapper;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;

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

    @Override
    protected Consumer<DeadLetterPublishingRecovererFactory> configureDeadLetterPublishingContainerFactory() {
        return factory -> {
            factory.setDeadLetterPublishingRecovererCustomizer(recoverer -> recoverer.addHeadersFunction(FailureHeaders::of));
            // The step already logged one line with recording, stage, attempt and reason.
            factory.neverLogListenerException();
        };
    }
}
