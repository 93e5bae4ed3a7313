package academy.pipeline.core.event;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON encoding of the pipeline's records. One shared, immutable mapper; unknown fields are ignored so
 * that older readers accept records written by newer writers.
 */
public final class EventCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EventCodec() {
    }

    public static String encode(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public static RecordingEvent decodeRecording(String json) {
        return decode(json, RecordingEvent.class);
    }

    public static StatusEvent decodeStatus(String json) {
        return decode(json, StatusEvent.class);
    }

    /** @throws MalformedEventException when the JSON does not match the contract */
    public static <T> T decode(String json, Class<T> type) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new MalformedEventException("empty " + type.getSimpleName());
            }
            return value;
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException("malformed " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }
}
