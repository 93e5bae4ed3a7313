package academy.pipeline.gateway.status;

import academy.pipeline.core.event.Stage;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The first screen of the operator page ({@code GET /overview}): how many recordings stand in each phase, and
 * the stage strip.
 *
 * @param at      when it was put together
 * @param counts  recordings per phase (all phases, zeros included)
 * @param gateway the gateway's own tile
 * @param stages  one tile per stage, in pipeline order
 */
record Overview(Instant at, Map<Phase, Integer> counts, GatewayTile gateway, List<StageTile> stages) {

    /**
     * @param statusView  whether the status view has read {@code recordings.status} up to where it ended at start
     * @param progress    what it has read
     * @param recordings  recordings it holds
     * @param red         true until it caught up
     */
    public record GatewayTile(boolean statusView, String progress, int recordings, boolean red) {
    }

    /**
     * @param stage        the stage
     * @param consumer     {@code running}, {@code stopped} (a listener container of the stage is not running),
     *                     {@code silent} (no heartbeat for {@code silent-after}) or {@code unknown} (never heard of)
     * @param instance     the service instance that sent the last heartbeat, or null
     * @param heartbeatAt  when it was sent, or null
     * @param inHand       recordings the stage is working on, with their progress
     * @param inbox        records waiting in its inbox (its group's uncommitted records), or null when not measured
     * @param retries      records waiting in each retry topic
     * @param retrying     records waiting in all retry topics
     * @param dlt          records in its DLT, replayed ones included, or null when not measured
     * @param failed       recordings dead-lettered here and neither replayed nor discarded yet
     * @param red          when the consumer is not running or recordings wait here for an operator
     * @param why          what makes it red, in words
     * @param problem      why a depth is missing (Kafka's answer), or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StageTile(Stage stage, String consumer, String instance, Instant heartbeatAt, List<InHand> inHand,
                            Long inbox, List<QueueDepths.Queue> retries, Long retrying, Long dlt, int failed,
                            boolean red, List<String> why, String problem) {
    }

    /**
     * @param recordingId the recording
     * @param title       its title
     * @param attempt     the try at this stage (1 = first)
     * @param progress    the transfer's progress, or null when the step reports none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InHand(String recordingId, String title, int attempt, Progress progress) {
    }
}
