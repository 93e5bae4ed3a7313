package academy.pipeline.core.runtime;

import academy.pipeline.core.event.Stage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * Headers the pipeline adds to every record it forwards to a retry topic or a DLT, so that an operator
 * reading a DLT with Kafka's own tools sees which stage failed, on which attempt, and why.
 */
public final class FailureHeaders {

    public static final String STAGE = "pipeline-stage";
    public static final String ATTEMPT = "pipeline-attempt";
    public static final String REASON = "pipeline-reason";

    private FailureHeaders() {
    }

    public static Headers of(ConsumerRecord<?, ?> record, Exception exception) {
        Stage stage = Stage.ofTopic(record.topic());
        RecordHeaders headers = new RecordHeaders();
        headers.add(STAGE, bytes(stage == null ? record.topic() : stage.id()));
        headers.add(ATTEMPT, bytes(Integer.toString(StageListener.attemptOf(record))));
        headers.add(REASON, bytes(reasonOf(exception)));
        return headers;
    }

    /** The reason the stage listener stated when it rethrew, or a classification of a failure outside it. */
    private static String reasonOf(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof FatalStepException || t instanceof RetryableStepException) {
                return t.getMessage();
            }
        }
        return FailureClassifier.classify(exception).reason();
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
