package academy.pipeline.gateway.status;

import academy.pipeline.core.event.Stage;

/**
 * The answer to {@code POST /recordings/{id}/replay}.
 *
 * @param recordingId the recording
 * @param stage       the stage it was re-published to
 * @param topic       that stage's inbox topic
 */
record ReplayResult(String recordingId, Stage stage, String topic) {
}
