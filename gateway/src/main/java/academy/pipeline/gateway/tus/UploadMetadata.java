package academy.pipeline.gateway.tus;

import academy.pipeline.gateway.intake.Attributes;
import academy.pipeline.gateway.web.ApiException;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code Upload-Metadata} a creation may carry. Its entries become attributes of the recording, which travel
 * in every event and reach the website, so only known keys are taken: {@code ace_id}, {@code title},
 * {@code filename}, {@code filetype} and the configured {@code pipeline.tus.metadata-keys}. The header is bounded
 * ({@value #MAX_HEADER_LENGTH} characters), keys are unique (case-insensitively), values valid base64 of UTF-8 text of
 * at most {@value Attributes#MAX_VALUE_LENGTH} characters; anything else is refused with 400.
 */
final class UploadMetadata {

    static final List<String> BUILT_IN_KEYS = List.of("ace_id", "title", "filename", "filetype");
    static final int MAX_HEADER_LENGTH = 4096;

    private final Set<String> allowed = new LinkedHashSet<>();

    UploadMetadata(List<String> configuredKeys) {
        BUILT_IN_KEYS.forEach(key -> allowed.add(key.toLowerCase(Locale.ROOT)));
        configuredKeys.forEach(key -> allowed.add(key.strip().toLowerCase(Locale.ROOT)));
    }

    /** The entries of the header (keys case-insensitive); empty when there is none. */
    Map<String, String> parse(String header) {
        Map<String, String> metadata = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (header == null || header.isBlank()) {
            return metadata;
        }
        if (header.length() > MAX_HEADER_LENGTH) {
            throw ApiException.badRequest("metadata_too_large",
                    "Upload-Metadata is longer than " + MAX_HEADER_LENGTH + " characters");
        }
        for (String pair : header.split(",", -1)) {
            String entry = pair.strip();
            int space = entry.indexOf(' ');
            String key = space < 0 ? entry : entry.substring(0, space);
            String encoded = space < 0 ? "" : entry.substring(space + 1).strip();
            if (key.isEmpty() || encoded.indexOf(' ') >= 0) {
                throw ApiException.badRequest("bad_metadata", "Upload-Metadata is not comma-separated \"key base64value\" pairs");
            }
            if (!allowed.contains(key.toLowerCase(Locale.ROOT))) {
                throw ApiException.badRequest("metadata_not_allowed", "Upload-Metadata key '" + printable(key)
                        + "' is not accepted; accepted keys: " + String.join(", ", allowed));
            }
            if (metadata.containsKey(key)) {
                throw ApiException.badRequest("bad_metadata", "Upload-Metadata key '" + key + "' appears twice");
            }
            String value = decode(key, encoded);
            if (value.length() > Attributes.MAX_VALUE_LENGTH) {
                throw ApiException.badRequest("bad_metadata", "metadata value of '" + key + "' must be at most "
                        + Attributes.MAX_VALUE_LENGTH + " characters");
            }
            metadata.put(key, value);
        }
        return metadata;
    }

    private static String decode(String key, String encoded) {
        try {
            byte[] bytes = Base64.getDecoder().decode(encoded);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw ApiException.badRequest("bad_metadata", "metadata value of '" + key + "' is not base64 of UTF-8 text");
        }
    }

    private static String printable(String key) {
        String shortened = key.length() > 40 ? key.substring(0, 40) + "..." : key;
        return shortened.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
