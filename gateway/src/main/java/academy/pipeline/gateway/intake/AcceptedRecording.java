package academy.pipeline.gateway.intake;

/**
 * The answer to an accepted intake request.
 *
 * @param recordingId the recording's id
 * @param statusUrl   where its progress can be followed
 */
record AcceptedRecording(String recordingId, String statusUrl) {
}
