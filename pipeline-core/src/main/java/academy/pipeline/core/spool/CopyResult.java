package academy.pipeline.core.spool;

/**
 * What a streaming copy wrote.
 *
 * @param size bytes written
 * @param sha1 lowercase hex SHA-1 of those bytes
 */
public record CopyResult(long size, String sha1) {
}
