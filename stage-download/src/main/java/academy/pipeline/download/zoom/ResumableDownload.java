package academy.pipeline.download.zoom;

import academy.pipeline.core.spool.CopyResult;
import academy.pipeline.core.spool.HashingFileWriter;
import academy.pipeline.core.spool.TransferListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.ClientHttpResponse;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Downloads a file into its {@code .part} file, continuing what an earlier attempt left there with a Range
 * request: appended on 206, started over on 200 (the server ignores Range) or 416 (it refuses it). The body is
 * written as it arrives while another thread hashes it; the file is forced to disk once, at the end.
 */
final class ResumableDownload {

    private static final Logger log = LoggerFactory.getLogger(ResumableDownload.class);

    private final VettedRedirects redirects;

    ResumableDownload(VettedRedirects redirects) {
        this.redirects = redirects;
    }

    /** @param expected the webhook's {@code file_size}, or null when unknown */
    CopyResult into(Path part, URI url, String token, Long expected, TransferListener listener) throws IOException {
        long offset = Files.exists(part) ? Files.size(part) : 0;
        if (expected != null && offset > expected) {
            Files.delete(part);
            offset = 0;
        }
        if (expected != null && offset == expected && offset > 0) {
            log.info("an earlier attempt received every byte; not downloading again");
            try (HashingFileWriter whole = HashingFileWriter.resume(part, offset, listener)) {
                return whole.finish();
            }
        }
        while (true) {
            long from = offset;
            CopyResult received = redirects.get(url, token, from,
                    (uri, sentToken, response) -> receive(uri, sentToken, response, part, from, expected, listener));
            if (received != null) {
                return received;
            }
            log.info("{} cannot serve bytes {}- of the part file; starting over", UriOrigins.describe(url), offset);
            Files.deleteIfExists(part);
            offset = 0;
        }
    }

    /** @return what the part file holds afterwards, or null when the server refused the Range */
    private static CopyResult receive(URI uri, boolean sentToken, ClientHttpResponse response, Path part, long offset,
                                      Long expected, TransferListener listener) throws IOException {
        long start = DownloadAnswer.bodyStart(uri, sentToken, response, offset, expected);
        if (start == DownloadAnswer.RANGE_REFUSED) {
            return null;
        }
        try (HashingFileWriter writer = start > 0
                ? HashingFileWriter.resume(part, start, listener)
                : HashingFileWriter.create(part, listener)) {
            try {
                writer.transferFrom(new BodyStream(response.getBody()), expected == null ? -1 : expected);
            } catch (HashingFileWriter.TooLongException e) {
                throw DownloadAnswer.sizeMismatch(expected, e.reached(), uri);
            }
            if (expected != null && writer.size() != expected) {
                throw new IOException("download from " + UriOrigins.describe(uri) + " ended after " + writer.size()
                        + " of " + expected + " bytes");
            }
            return writer.finish();
        }
    }
}
