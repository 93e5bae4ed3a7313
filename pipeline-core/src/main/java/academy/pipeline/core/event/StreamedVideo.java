package academy.pipeline.core.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where the recording is hosted for playback.
 *
 * @param provider  stream provider id ({@code bunny}, {@code filesystem})
 * @param libraryId Bunny library id, or the local folder for filesystem
 * @param videoId   Bunny video guid, or the local file name
 * @param playUrl   URL a viewer can play
 * @param embedUrl  URL for an iframe embed, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamedVideo(String provider, String libraryId, String videoId, String playUrl, String embedUrl) {
}
