package academy.pipeline.download.zoom;

import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.core.runtime.HttpStatuses;
import academy.pipeline.core.runtime.RetryableStepException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;

import java.io.IOException;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Zoom's final answer to a download request means, before a byte of its body is written. A 200 is not
 * trusted blindly: an HTML page (Zoom's answer for deleted or unauthorised downloads) is a rejected token, and
 * a size other than the webhook's {@code file_size} is fatal.
 */
final class DownloadAnswer {

    /** {@link #bodyStart}'s answer when the server refused the Range (416): start over without the part file. */
    static final long RANGE_REFUSED = -1;

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private DownloadAnswer() {
    }

    /**
     * @param offset   the first byte that was asked for (0: the whole file)
     * @param expected the webhook's {@code file_size}, or null
     * @return the file offset the body starts at (0, or {@code offset} on a 206), or {@link #RANGE_REFUSED}
     * @throws TokenRejected       401/403, or an HTML page instead of the file
     * @throws FatalStepException  404/410, another 4xx, or a size other than expected
     * @throws RetryableStepException 408/429/5xx, or a 206 that does not continue at {@code offset}
     */
    static long bodyStart(URI uri, boolean sentToken, ClientHttpResponse response, long offset, Long expected)
            throws IOException {
        int status = response.getStatusCode().value();
        if (status == 401 || status == 403) {
            throw new TokenRejected("Zoom rejected the download" + (sentToken ? " token" : "")
                    + " (HTTP " + status + " from " + UriOrigins.describe(uri) + ")");
        }
        if (status == 416 && offset > 0) {
            return RANGE_REFUSED;
        }
        if (status != 200 && status != 206) {
            throw failure(status, uri);
        }
        MediaType type = response.getHeaders().getContentType();
        if (type != null && type.isCompatibleWith(MediaType.TEXT_HTML)) {
            throw new TokenRejected("Zoom answered the download with an HTML page (HTTP " + status + " text/html from "
                    + UriOrigins.describe(uri) + ") instead of the recording: it was deleted, or the token does not "
                    + "grant access to it");
        }
        long start = status == 206 ? continuedAt(uri, response, offset, expected) : 0;
        long length = response.getHeaders().getContentLength();
        if (expected != null && length >= 0 && start + length != expected) {
            throw sizeMismatch(expected, start + length, uri);
        }
        return start;
    }

    private static long continuedAt(URI uri, ClientHttpResponse response, long offset, Long expected) {
        String range = response.getHeaders().getFirst(HttpHeaders.CONTENT_RANGE);
        Matcher m = range == null ? null : CONTENT_RANGE.matcher(range.trim());
        if (m == null || !m.matches() || Long.parseLong(m.group(1)) != offset) {
            throw new RetryableStepException("HTTP 206 from " + UriOrigins.describe(uri) + " with Content-Range "
                    + range + " does not continue at byte " + offset);
        }
        if (expected != null && !m.group(3).equals("*") && Long.parseLong(m.group(3)) != expected) {
            throw sizeMismatch(expected, Long.parseLong(m.group(3)), uri);
        }
        return offset;
    }

    static FatalStepException sizeMismatch(long expected, long actual, URI uri) {
        return new FatalStepException("size mismatch: the webhook announced file_size " + expected
                + " bytes but " + UriOrigins.describe(uri) + " serves " + actual + " bytes");
    }

    private static RuntimeException failure(int status, URI uri) {
        String what = "HTTP " + status + " from " + UriOrigins.describe(uri);
        if (status == 404 || status == 410) {
            return new FatalStepException(what + ": the recording no longer exists in Zoom's cloud");
        }
        return HttpStatuses.isRetryable(status) ? new RetryableStepException(what) : new FatalStepException(what);
    }
}
