package academy.pipeline.download.zoom;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.core.runtime.HttpStatuses;
import academy.pipeline.core.runtime.RetryableStepException;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Zoom's cloud-recording API through server-to-server OAuth (an account-credentials access token from
 * {@code POST oauth/token} per call): a fresh download token for an expired one
 * ({@code GET /meetings/{uuid}/recordings?include_fields=download_access_token}, whose answer also lists the
 * file's REST download URL), and moving a file to the trash. Tokens are never logged.
 */
final class ZoomRecordingsApi {

    /**
     * @param downloadUrl the file's download URL from the recordings API, or null when the file was not listed
     * @param token       the fresh download access token
     */
    record FreshDownload(URI downloadUrl, String token) {
        @Override
        public String toString() {
            return "FreshDownload[downloadUrl=" + (downloadUrl == null ? null : ZoomDownloader.describe(downloadUrl))
                    + ", token=***]";
        }
    }

    private final WebClient http;
    private final ZoomDownloadSettings settings;

    ZoomRecordingsApi(WebClient http, ZoomDownloadSettings settings) {
        this.http = http;
        this.settings = settings;
    }

    FreshDownload freshDownload(String meetingUuid, String fileId) {
        if (meetingUuid == null || meetingUuid.isBlank()) {
            throw new FatalStepException("cannot fetch a fresh download token: the recording has no meetingUuid attribute");
        }
        String accessToken = accessToken();
        URI uri = URI.create(recordingsPath(meetingUuid) + "?include_fields=download_access_token&ttl="
                + settings.tokenTtl().toSeconds());
        JsonNode recordings = json(http.get().uri(uri)
                .headers(h -> h.setBearerAuth(accessToken))
                .exchangeToMono(response -> body(response, "the recordings API")));
        String token = text(recordings.get("download_access_token"));
        if (token == null) {
            throw new FatalStepException("the recordings API returned no download_access_token; does the S2S OAuth "
                    + "app have the cloud_recording:read scope?");
        }
        URI downloadUrl = null;
        JsonNode files = recordings.get("recording_files");
        if (files != null && files.isArray()) {
            for (JsonNode file : files) {
                if (fileId != null && fileId.equals(text(file.get("id"))) && text(file.get("download_url")) != null) {
                    downloadUrl = URI.create(text(file.get("download_url")));
                }
            }
        }
        return new FreshDownload(downloadUrl, token);
    }

    /**
     * Moves one recording file to Zoom's trash ({@code DELETE /meetings/{uuid}/recordings/{fileId}?action=trash}).
     *
     * @return false when Zoom no longer has the file (already trashed or deleted), true when it was moved
     */
    boolean trash(String meetingUuid, String fileId) {
        String accessToken = accessToken();
        URI uri = URI.create(recordingsPath(meetingUuid) + "/" + URLEncoder.encode(fileId, StandardCharsets.UTF_8)
                + "?action=trash");
        return Boolean.TRUE.equals(http.delete().uri(uri)
                .headers(h -> h.setBearerAuth(accessToken))
                .exchangeToMono(response -> response.statusCode().value() == 404
                        ? response.releaseBody().thenReturn(false)
                        : body(response, "the recordings API (trash)").thenReturn(true))
                .block());
    }

    private String recordingsPath(String meetingUuid) {
        return settings.apiUrl().toString().replaceAll("/+$", "") + "/meetings/" + encodeUuid(meetingUuid) + "/recordings";
    }

    private String accessToken() {
        JsonNode answer = json(http.post().uri(settings.oauthUrl())
                .headers(h -> h.setBasicAuth(settings.clientId(), settings.clientSecret(), StandardCharsets.UTF_8))
                .body(BodyInserters.fromFormData("grant_type", "account_credentials")
                        .with("account_id", settings.accountId()))
                .exchangeToMono(response -> body(response, "Zoom OAuth (account_credentials)")));
        String token = text(answer.get("access_token"));
        if (token == null) {
            throw new FatalStepException("Zoom OAuth answered without an access_token");
        }
        return token;
    }

    /**
     * Zoom's rule for meeting UUIDs in paths: encode once, and twice when the UUID starts with {@code /} or
     * contains {@code //}.
     */
    static String encodeUuid(String uuid) {
        String once = URLEncoder.encode(uuid, StandardCharsets.UTF_8).replace("+", "%20");
        return uuid.startsWith("/") || uuid.contains("//") ? URLEncoder.encode(once, StandardCharsets.UTF_8) : once;
    }

    private static Mono<String> body(ClientResponse response, String what) {
        HttpStatusCode status = response.statusCode();
        if (status.is2xxSuccessful()) {
            return response.bodyToMono(String.class).defaultIfEmpty("{}");
        }
        String failure = what + " answered HTTP " + status.value();
        return response.releaseBody().then(Mono.error(HttpStatuses.isRetryable(status.value())
                ? new RetryableStepException(failure)
                : new FatalStepException(failure)));
    }

    private static JsonNode json(Mono<String> body) {
        return EventCodec.mapper().readTree(body.block());
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || !node.isValueNode() ? null : node.asString();
    }
}
