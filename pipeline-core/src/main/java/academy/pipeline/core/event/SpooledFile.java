package academy.pipeline.core.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The recording's bytes in the spool.
 *
 * @param path        path relative to the spool root ({@code <recordingId>/<file>}), so services that mount
 *                    the spool at different places agree
 * @param size        size in bytes
 * @param sha1        lowercase hex SHA-1 of the content
 * @param contentType MIME type
 * @param fileName    original file name
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SpooledFile(String path, long size, String sha1, String contentType, String fileName) {
}
