package academy.pipeline.stream.bunny;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.DeleteExchange;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

import java.util.Map;

/**
 * The Bunny Stream API calls the stream stage makes, relative to {@code {api-url}/library/{libraryId}}, with the
 * library's {@code AccessKey} header set on the client. Implemented by {@code HttpServiceProxyFactory}.
 */
@HttpExchange(url = "/videos", accept = MediaType.APPLICATION_JSON_VALUE)
interface BunnyStreamApi {

    @PostExchange(contentType = MediaType.APPLICATION_JSON_VALUE)
    BunnyVideo create(@RequestBody NewVideo video);

    @GetExchange("/{videoId}")
    BunnyVideo get(@PathVariable String videoId);

    @DeleteExchange("/{videoId}")
    void delete(@PathVariable String videoId);

    @PostExchange(url = "/fetch", contentType = MediaType.APPLICATION_JSON_VALUE)
    FetchAnswer fetch(@RequestParam(required = false) String collectionId, @RequestBody FetchRequest request);

    /** Body of Create Video. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NewVideo(String title, String collectionId) {
    }

    /**
     * Body of Fetch Video.
     *
     * @param url     where Bunny pulls the file from
     * @param headers headers Bunny sends with that pull (the B2 download authorization); never logged
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FetchRequest(String url, Map<String, String> headers, String title) {

        @Override
        public String toString() {
            return "FetchRequest[url=" + url + ", title=" + title + ", headers=" + (headers == null ? "none" : headers.keySet()) + "]";
        }
    }

    /**
     * The part of Bunny's answer to a fetch the stage reads: a StatusModel which also names the new video; that it
     * does is not documented, so both {@code guid} and {@code id} are looked at.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record FetchAnswer(String guid, String id) {

        String videoId() {
            return guid != null && !guid.isBlank() ? guid : id;
        }
    }
}
