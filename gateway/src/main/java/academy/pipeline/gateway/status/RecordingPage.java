package academy.pipeline.gateway.status;

import java.util.List;

/**
 * A page of {@code GET /recordings}, newest first.
 *
 * @param recordings the rows of this page
 * @param page       0-based page number
 * @param size       page size asked for
 * @param total      recordings matching the filter, over all pages
 */
record RecordingPage(List<RecordingSummary> recordings, int page, int size, int total) {
}
