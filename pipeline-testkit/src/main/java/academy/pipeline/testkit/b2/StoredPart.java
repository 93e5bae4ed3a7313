package academy.pipeline.testkit.b2;

import java.nio.file.Path;

/** One uploaded part of an unfinished large file. */
record StoredPart(String fileId, int partNumber, long contentLength, String contentSha1, long uploadTimestamp,
                  Path path) {
}
