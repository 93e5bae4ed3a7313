package academy.pipeline.gateway.zoom;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The recordingId of a Zoom recording file: {@code zoom-<meeting id>-<22 url-safe base64 chars of
 * SHA-256(uuid "/" file id)>}. It depends only on the meeting uuid and the file id, so every delivery of the
 * same file (Zoom's retries, duplicates with other download URLs and tokens) maps to the same recording, and it
 * stays within the safe id alphabet whatever characters the uuid has ({@code / + =}).
 */
final class ZoomRecordingIds {

    private ZoomRecordingIds() {
    }

    static String of(Long meetingId, String meetingUuid, String fileId) {
        byte[] hash = sha256(meetingUuid + "/" + fileId);
        String digest = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16));
        return meetingId == null ? "zoom-" + digest : "zoom-" + meetingId + "-" + digest;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
