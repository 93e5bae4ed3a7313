package academy.pipeline.stream.bunny;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.runtime.FatalStepException;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The three Bunny Stream API calls the provider needs, authenticated with the library's {@code AccessKey}.
 * 401/403 become {@link FatalStepException} naming the library (never the key); other failures surface as
 * {@link WebClientResponseException} for the runtime to classify (429/5xx retryable; a redirect, which is
 * not followed, is fatal).
 */
class BunnyApi {

    private final WebClient http;
    private final BunnySettings settings;
    private final Duration timeout;

    BunnyApi(WebClient http, BunnySettings settings, Duration timeout) {
        this.http = http;
        this.settings = settings;
        this.timeout = timeout;
    }

    /** {@code POST /library/{id}/videos}. */
    BunnyVideo create(String title, String collectionId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        if (collectionId != null && !collectionId.isBlank()) {
            body.put("collectionId", collectionId);
        }
        String json = http.post().uri(videos())
                .header("AccessKey", settings.apiKey())
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .bodyValue(EventCodec.encode(body))
                .retrieve()
                .onStatus(BunnyApi::refused, response -> refusal(response, "create a video"))
                .onStatus(HttpStatusCode::is3xxRedirection, ClientResponse::createException)
                .bodyToMono(String.class)
                .block(timeout);
        BunnyVideo video = EventCodec.decode(json, BunnyVideo.class);
        if (video.guid() == null || video.guid().isBlank()) {
            throw new IllegalStateException("Bunny Stream answered create video without a guid");
        }
        return video;
    }

    /** {@code GET /library/{id}/videos/{videoId}}; empty when Bunny answers 404. */
    Optional<BunnyVideo> find(String videoId) {
        return http.get().uri(videos() + "/{videoId}", videoId)
                .header("AccessKey", settings.apiKey())
                .accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(response -> {
                    if (response.statusCode().value() == 404) {
                        return response.releaseBody().then(Mono.<String>empty());
                    }
                    if (refused(response.statusCode())) {
                        return refusal(response, "read video " + videoId).flatMap(Mono::error);
                    }
                    if (!response.statusCode().is2xxSuccessful()) {
                        return response.createError();
                    }
                    return response.bodyToMono(String.class);
                })
                .blockOptional(timeout)
                .map(json -> EventCodec.decode(json, BunnyVideo.class));
    }

    /** {@code DELETE /library/{id}/videos/{videoId}}; a video already gone is fine. */
    void delete(String videoId) {
        http.delete().uri(videos() + "/{videoId}", videoId)
                .header("AccessKey", settings.apiKey())
                .exchangeToMono(response -> {
                    if (response.statusCode().value() == 404 || response.statusCode().is2xxSuccessful()) {
                        return response.releaseBody();
                    }
                    if (refused(response.statusCode())) {
                        return refusal(response, "delete video " + videoId).flatMap(Mono::error);
                    }
                    return response.createError();
                })
                .block(timeout);
    }

    private String videos() {
        return settings.apiUrl().toString().replaceAll("/+$", "") + "/library/" + settings.libraryId() + "/videos";
    }

    private static boolean refused(HttpStatusCode status) {
        return status.value() == 401 || status.value() == 403;
    }

    private Mono<Throwable> refusal(ClientResponse response, String action) {
        int status = response.statusCode().value();
        return response.releaseBody().then(Mono.fromSupplier(() -> new FatalStepException(
                "Bunny Stream refused to " + action + " in library " + settings.libraryId() + " (HTTP " + status
                        + "): check the library id and its API key (BUNNY_LIBRARY_ID, BUNNY_API_KEY)")));
    }
}
