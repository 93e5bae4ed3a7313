package academy.pipeline.gateway.tus;

import academy.pipeline.core.event.RecordingIds;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The recordingId of a tutor upload: {@code ace-<ace_id>} when the ace_id is already safe, else the ace_id with
 * unsafe characters replaced, shortened, and made unique again by a hash of the original.
 */
final class ManualRecordingIds {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern UNSAFE_CHAR = Pattern.compile("[^A-Za-z0-9._-]");

    private ManualRecordingIds() {
    }

    public static String of(String aceId) {
        if (SAFE.matcher(aceId).matches()) {
            return RecordingIds.requireValid("ace-" + aceId);
        }
        String cleaned = UNSAFE_CHAR.matcher(aceId).replaceAll("_");
        if (cleaned.length() > 80) {
            cleaned = cleaned.substring(0, 80);
        }
        return RecordingIds.requireValid("ace-" + cleaned + "-" + shortHash(aceId));
    }

    private static String shortHash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
