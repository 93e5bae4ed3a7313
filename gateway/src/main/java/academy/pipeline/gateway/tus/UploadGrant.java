package academy.pipeline.gateway.tus;

import java.time.Instant;

/**
 * What the website allows one upload to be: for {@code aceId}, created before {@code expiresAt}, at most
 * {@code maxSize} bytes.
 *
 * @param aceId     the website's id of the recording being uploaded
 * @param expiresAt creations after this instant are refused
 * @param maxSize   the largest upload this grant allows, in bytes
 */
public record UploadGrant(String aceId, Instant expiresAt, long maxSize) {
}
