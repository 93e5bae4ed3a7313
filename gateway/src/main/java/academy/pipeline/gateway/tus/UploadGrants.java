package academy.pipeline.gateway.tus;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.security.Hmac;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Upload grants: {@code base64url(payload) "." hex(HMAC-SHA256(secret, base64url(payload)))} where the payload is
 * the JSON object {@code {"ace_id": "...", "exp": <epoch seconds>, "max_size": <bytes>}}. The signature covers the
 * base64url text exactly as sent, so no JSON canonicalisation is needed on either side.
 */
public class UploadGrants {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAX_TOKEN_LENGTH = 2048;

    private final String secret;

    /** @param secret the shared secret; null or blank: no token is ever valid */
    public UploadGrants(String secret) {
        this.secret = secret == null || secret.isBlank() ? null : secret;
    }

    public boolean configured() {
        return secret != null;
    }

    /** Signs a grant the way the website does (tests, tooling). */
    public String sign(UploadGrant grant) {
        if (secret == null) {
            throw new IllegalStateException("no upload grant secret configured");
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("ace_id", grant.aceId());
        payload.put("exp", grant.expiresAt().getEpochSecond());
        payload.put("max_size", grant.maxSize());
        String body = ENCODER.encodeToString(EventCodec.mapper().writeValueAsBytes(payload));
        return body + "." + Hmac.sha256Hex(secret, body);
    }

    /**
     * The grant a token carries when its signature is valid and its payload complete. Expiry is not checked here:
     * see {@link UploadGrant#expiresAt()}.
     */
    public Optional<UploadGrant> verify(String token) {
        if (secret == null || token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        String body = token.substring(0, dot);
        String signature = token.substring(dot + 1);
        if (!Hmac.matches(Hmac.sha256Hex(secret, body), signature)) {
            return Optional.empty();
        }
        try {
            JsonNode payload = EventCodec.mapper().readTree(new String(DECODER.decode(body), StandardCharsets.UTF_8));
            JsonNode aceId = payload.get("ace_id");
            JsonNode exp = payload.get("exp");
            JsonNode maxSize = payload.get("max_size");
            if (aceId == null || !aceId.isString() || aceId.asString().isBlank()
                    || exp == null || !exp.isIntegralNumber() || maxSize == null || !maxSize.isIntegralNumber()
                    || maxSize.asLong() <= 0) {
                return Optional.empty();
            }
            return Optional.of(new UploadGrant(aceId.asString(), Instant.ofEpochSecond(exp.asLong()), maxSize.asLong()));
        } catch (IllegalArgumentException | JacksonException e) {
            return Optional.empty();
        }
    }
}
