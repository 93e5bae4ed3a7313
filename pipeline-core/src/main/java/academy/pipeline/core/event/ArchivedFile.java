package academy.pipeline.core.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where the recording is archived.
 *
 * @param provider archive provider id ({@code b2}, {@code filesystem})
 * @param bucket   bucket name (B2) or archive root (filesystem)
 * @param fileName file name inside the bucket
 * @param fileId   provider's file id (B2 file id; the path for filesystem)
 * @param url      download URL of the archived file
 * @param sha1     lowercase hex SHA-1 of the archived content, as verified by the provider
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArchivedFile(String provider, String bucket, String fileName, String fileId, String url, String sha1) {
}
