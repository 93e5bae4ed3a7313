package academy.pipeline.core.runtime;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.MalformedEventException;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Runs one {@link DoneSideEffect} for each record of {@code recordings.done}. A malformed record is skipped; an
 * action that throws is left to the container's default error handler (tried again, then logged and skipped).
 * The annotation reads its ids from the instance.
 */
public class DoneSideEffectListener {

    private static final Logger log = LoggerFactory.getLogger(DoneSideEffectListener.class);

    private final DoneSideEffect effect;

    DoneSideEffectListener(DoneSideEffect effect) {
        this.effect = effect;
    }

    public String getName() {
        return effect.name();
    }

    @KafkaListener(id = "#{__listener.name}", groupId = "#{__listener.name}", topics = Topics.DONE)
    void onRecord(ConsumerRecord<String, String> record) throws Exception {
        RecordingEvent event;
        try {
            event = EventCodec.decodeRecording(record.value());
        } catch (MalformedEventException e) {
            log.warn("{}: skipping malformed record at {} offset {}: {}", effect.name(), Topics.DONE, record.offset(),
                    e.getMessage());
            return;
        }
        MDC.put("recordingId", event.recordingId());
        try {
            effect.action().onDone(event);
        } finally {
            MDC.remove("recordingId");
        }
    }
}
