package academy.pipeline.stream.bunny;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Optional;

/**
 * The part of Bunny's VideoModel the provider reads.
 *
 * @param guid                 the video id
 * @param status               0 Created, 1 Uploaded, 2 Processing, 3 Transcoding, 4 Finished, 5 Error,
 *                             6 UploadFailed, 7 JitSegmenting, 8 JitPlaylistsCreated
 * @param availableResolutions comma-separated encoded resolutions, or null/empty before the first one
 * @param storageSize          bytes Bunny stores for the video
 * @param transcodingMessages  what the encoder reported; level 3 is an error
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record BunnyVideo(String guid, String title, int status, String availableResolutions, long storageSize,
                  List<TranscodingMessage> transcodingMessages) {

    static final int CREATED = 0;
    static final int TRANSCODING = 3;
    static final int FINISHED = 4;
    static final int ERROR = 5;
    static final int UPLOAD_FAILED = 6;

    /** One entry of {@code transcodingMessages}: level 0 undefined, 1 information, 2 warning, 3 error. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TranscodingMessage(int level, String message) {
        static final int ERROR = 3;
    }

    /** Bunny has all the bytes (it is processing, encoding or done). */
    boolean uploaded() {
        return status != CREATED && !failed();
    }

    /** Bunny has stored the file and is transcoding it or done: what a fetch waits for. */
    boolean stored() {
        return status >= TRANSCODING && !failed();
    }

    boolean failed() {
        return status == ERROR || status == UPLOAD_FAILED;
    }

    /** The encoder's error message, when the video failed because the file cannot be encoded. */
    Optional<String> encodeError() {
        if (status != ERROR || transcodingMessages == null) {
            return Optional.empty();
        }
        return transcodingMessages.stream().filter(m -> m.level() == TranscodingMessage.ERROR)
                .map(m -> m.message() == null ? "(no message)" : m.message()).findFirst();
    }

    /** Finished, or encoding with at least one resolution ready (Bunny plays those already). */
    boolean playable() {
        return status == FINISHED
                || (uploaded() && availableResolutions != null && !availableResolutions.isBlank());
    }
}
