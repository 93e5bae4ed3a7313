package academy.pipeline.standalone;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.PropertyResolver;

import java.util.List;
import java.util.Locale;

/**
 * The embedded broker's log level, {@code pipeline.standalone.broker-log-level} (default WARN). The broker starts
 * before Spring configures logging, under logback's defaults, where it used to print its whole configuration at
 * INFO (about 1,250 lines) before the start banner. {@link #applyBeforeSpring} quiets it then; once Spring's
 * logging is up, {@code PipelineEnvironmentDefaults} already holds Kafka at WARN, and an explicitly set level is
 * applied again to the broker's own loggers (not to the Kafka clients of the stages).
 */
final class BrokerLogLevel implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    static final String PROPERTY = "pipeline.standalone.broker-log-level";

    /** The server side of Kafka: its Scala packages and the Java packages the broker and controller log under. */
    static final List<String> BROKER_LOGGERS = List.of("kafka", "state.change.logger", "org.apache.kafka.server",
            "org.apache.kafka.controller", "org.apache.kafka.raft", "org.apache.kafka.image",
            "org.apache.kafka.metadata", "org.apache.kafka.storage", "org.apache.kafka.coordinator",
            "org.apache.kafka.queue", "org.apache.kafka.snapshot", "org.apache.kafka.network",
            "org.apache.kafka.security");

    /** Before Spring starts only the broker runs in this JVM, so every Kafka logger is the broker's. */
    static void applyBeforeSpring(PropertyResolver environment) {
        LogLevel level = level(environment);
        LoggingSystem logging = LoggingSystem.get(BrokerLogLevel.class.getClassLoader());
        for (String logger : List.of("kafka", "org.apache.kafka", "state.change.logger")) {
            logging.setLogLevel(logger, level);
        }
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (event.getEnvironment().containsProperty(PROPERTY)) {
            LogLevel level = level(event.getEnvironment());
            LoggingSystem logging = LoggingSystem.get(event.getSpringApplication().getClassLoader());
            BROKER_LOGGERS.forEach(logger -> logging.setLogLevel(logger, level));
        }
    }

    /** Right after Spring's logging system is initialised (which resets every level). */
    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    private static LogLevel level(PropertyResolver environment) {
        String value = environment.getProperty(PROPERTY, "WARN").trim().toUpperCase(Locale.ROOT);
        try {
            return LogLevel.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + " must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, not "
                    + value, e);
        }
    }
}
