package academy.pipeline.gateway.tus;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * Body of {@code POST /manual-upload}: a finished upload of an external tus server (the old Node server, or
 * tusd's post-finish hook, whose {@code Upload.Storage.Path} and {@code Upload.MetaData} map here as documented in
 * docs/tus.md).
 *
 * @param aceId    the website's id of the recording; default: {@code metadata.ace_id}
 * @param path     the upload's file, inside the tus storage directory
 * @param metadata the upload's metadata (title, filename, filetype, ...)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ManualUploadRequest(
        @JsonProperty("ace_id") @JsonAlias("aceId") String aceId,
        @JsonAlias({"file", "filePath"}) String path,
        Map<String, String> metadata) {
}
