package academy.pipeline.core.event;

import java.util.regex.Pattern;

/**
 * Recording ids are Kafka keys and spool directory names, so they are restricted to a safe alphabet:
 * letters, digits, {@code . _ -}, at most 128 characters, not starting with a dot.
 */
public final class RecordingIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private RecordingIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    public static String requireValid(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("invalid recordingId: " + id);
        }
        return id;
    }
}
