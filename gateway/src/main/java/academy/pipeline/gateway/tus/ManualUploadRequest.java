package academy.pipeline.gateway.tus;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * Body of {@code POST /manual-upload}: a finished upload of an external tus server. Either our own shape
 * ({@code ace_id}, {@code path}, {@code metadata}: the old Node server), or tusd's post-finish HTTP hook as tusd
 * sends it ({@code Upload} at the top in tusd v1, under {@code Event} in v2), whose {@code Storage.Path} is the
 * file and {@code MetaData.ace_id} the ace_id.
 *
 * @param aceId    the website's id of the recording; default: {@code metadata.ace_id}
 * @param path     the upload's file, inside the tus storage directory
 * @param metadata the upload's metadata (title, filename, filetype, ...)
 * @param upload   tusd v1 hook payload
 * @param event    tusd v2 hook payload
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ManualUploadRequest(
        @JsonProperty("ace_id") @JsonAlias("aceId") String aceId,
        @JsonAlias({"file", "filePath"}) String path,
        Map<String, String> metadata,
        @JsonProperty("Upload") TusdUpload upload,
        @JsonProperty("Event") TusdEvent event) {

    /** tusd's description of an upload (only what is needed here). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TusdUpload(@JsonProperty("MetaData") Map<String, String> metaData,
                             @JsonProperty("Storage") Map<String, String> storage) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TusdEvent(@JsonProperty("Upload") TusdUpload upload) {
    }

    /** Our shape, taken from a tusd hook payload when that is what arrived. */
    public ManualUploadRequest normalized() {
        TusdUpload tusd = upload != null ? upload : event != null ? event.upload() : null;
        if (tusd == null || path != null) {
            return this;
        }
        Map<String, String> meta = tusd.metaData() == null ? Map.of() : tusd.metaData();
        String file = tusd.storage() == null ? null : tusd.storage().get("Path");
        return new ManualUploadRequest(aceId != null ? aceId : meta.get("ace_id"), file, meta, null, null);
    }
}
