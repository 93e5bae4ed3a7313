package academy.pipeline.gateway.intake;

import academy.pipeline.gateway.web.ApiException;

import java.util.Map;

/** Limits on caller-supplied attributes, which travel in every event and reach the website. */
public final class Attributes {

    public static final int MAX_ENTRIES = 50;
    public static final int MAX_KEY_LENGTH = 100;
    public static final int MAX_VALUE_LENGTH = 2000;

    private Attributes() {
    }

    public static Map<String, String> validate(Map<String, String> attributes) {
        if (attributes == null) {
            return Map.of();
        }
        if (attributes.size() > MAX_ENTRIES) {
            throw ApiException.badRequest("too_much_metadata", "at most " + MAX_ENTRIES + " metadata entries");
        }
        attributes.forEach((key, value) -> {
            if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
                throw ApiException.badRequest("bad_metadata", "metadata keys must be 1-" + MAX_KEY_LENGTH + " characters");
            }
            if (value == null || value.length() > MAX_VALUE_LENGTH) {
                throw ApiException.badRequest("bad_metadata", "metadata value of '" + key + "' must be a string of at most "
                        + MAX_VALUE_LENGTH + " characters");
            }
        });
        return Map.copyOf(attributes);
    }
}
