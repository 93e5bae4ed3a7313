package academy.pipeline.stream.bunny;

import academy.pipeline.core.http.HttpSettings;
import academy.pipeline.core.http.RestClients;
import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.stream.bunny.BunnyStreamApi.FetchAnswer;
import academy.pipeline.stream.bunny.BunnyStreamApi.FetchRequest;
import academy.pipeline.stream.bunny.BunnyStreamApi.NewVideo;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Bunny Stream API as the provider uses it, on {@link BunnyStreamApi}. 401/403 become
 * {@link FatalStepException} naming the library (never the key); other failures surface as
 * {@link RestClientResponseException} for the runtime to classify (429/5xx retryable; a redirect, which is not
 * followed because the AccessKey would go wherever it points, is fatal).
 */
class BunnyApi {

    private final BunnyStreamApi api;
    private final String libraryId;

    BunnyApi(BunnyStreamApi api, String libraryId) {
        this.api = api;
        this.libraryId = libraryId;
    }

    /** The client for a library, on {@link RestClients} with the pipeline's timeouts and no redirects. */
    static BunnyApi create(BunnySettings settings, HttpSettings http) {
        RestClient client = RestClients.builder(http, false)
                .baseUrl(settings.apiUrl().toString().replaceAll("/+$", "") + "/library/" + settings.libraryId())
                .defaultHeader("AccessKey", settings.apiKey())
                .defaultStatusHandler(HttpStatusCode::is3xxRedirection, (request, response) -> {
                    throw new RestClientResponseException("Bunny Stream answered a redirect (not followed) to "
                            + request.getMethod() + " " + request.getURI().getPath(), response.getStatusCode(),
                            response.getStatusText(), response.getHeaders(), null, null);
                })
                .build();
        BunnyStreamApi api = HttpServiceProxyFactory.builderFor(RestClientAdapter.create(client)).build()
                .createClient(BunnyStreamApi.class);
        return new BunnyApi(api, settings.libraryId());
    }

    /** {@code POST /library/{id}/videos}. */
    BunnyVideo create(String title, String collectionId) {
        BunnyVideo video = call("create a video", () -> api.create(new NewVideo(title, blankToNull(collectionId))));
        if (video == null || video.guid() == null || video.guid().isBlank()) {
            throw new IllegalStateException("Bunny Stream answered create video without a guid");
        }
        return video;
    }

    /** {@code GET /library/{id}/videos/{videoId}}; empty when Bunny answers 404. */
    Optional<BunnyVideo> find(String videoId) {
        try {
            return Optional.ofNullable(call("read video " + videoId, () -> api.get(videoId)));
        } catch (HttpClientErrorException.NotFound e) {
            return Optional.empty();
        }
    }

    /** {@code DELETE /library/{id}/videos/{videoId}}; a video already gone is fine. */
    void delete(String videoId) {
        try {
            call("delete video " + videoId, () -> {
                api.delete(videoId);
                return null;
            });
        } catch (HttpClientErrorException.NotFound e) {
            // already gone
        }
    }

    /**
     * {@code POST /library/{id}/videos/fetch}: Bunny creates a video and pulls {@code url} with {@code headers}.
     *
     * @return the new video's guid; empty when Bunny accepted the fetch without naming it
     */
    Optional<String> fetch(String url, Map<String, String> headers, String title, String collectionId) {
        FetchAnswer answer = call("fetch " + url,
                () -> api.fetch(blankToNull(collectionId), new FetchRequest(url, headers, title)));
        return Optional.ofNullable(answer).map(FetchAnswer::videoId).filter(id -> !id.isBlank());
    }

    private <T> T call(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (HttpClientErrorException e) {
            int status = e.getStatusCode().value();
            if (status == 401 || status == 403) {
                throw new FatalStepException("Bunny Stream refused to " + action + " in library " + libraryId
                        + " (HTTP " + status + vendorSays(e) + "): check the library id and its API key "
                        + "(BUNNY_LIBRARY_ID, BUNNY_API_KEY)");
            }
            throw e;
        }
    }

    /** Bunny's own words, e.g. {"Message":"Authorization has been denied for this request."}, on one short line. */
    private static String vendorSays(HttpClientErrorException e) {
        String body = e.getResponseBodyAsString().replaceAll("\\s+", " ").strip();
        if (body.isEmpty()) {
            return "";
        }
        return ", Bunny says " + (body.length() > 200 ? body.substring(0, 200) + "..." : body);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
