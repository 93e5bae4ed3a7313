package academy.pipeline.download.zoom;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.ZoomFile;
import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.core.runtime.HttpStatuses;
import academy.pipeline.core.runtime.RetryableStepException;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
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
            return "FreshDownload[downloadUrl=" + (downloadUrl == null ? null : UriOrigins.describe(downloadUrl))
                    + ", token=***]";
        }
    }

    /** Largest JSON answer read: the recordings list of one meeting is a few KB. */
    private static final int MAX_JSON_BYTES = 256 * 1024;

    private final RestClient http;
    private final ZoomDownloadSettings settings;

    ZoomRecordingsApi(RestClient http, ZoomDownloadSettings settings) {
        this.http = http;
        this.settings = settings;
    }

    FreshDownload freshDownload(ZoomFile file) {
        String meetingUuid = file.meetingUuid();
        String fileId = file.fileId();
        if (meetingUuid == null || meetingUuid.isBlank()) {
            throw new FatalStepException("cannot fetch a fresh download token: the recording has no meeting uuid");
        }
        String accessToken = accessToken();
        URI uri = URI.create(recordingsPath(meetingUuid) + "?include_fields=download_access_token&ttl="
                + settings.tokenTtl().toSeconds());
        JsonNode recordings = http.get().uri(uri)
                .headers(h -> h.setBearerAuth(accessToken))
                .exchange((request, response) -> json(response, "the recordings API"), true);
        String token = text(recordings.get("download_access_token"));
        if (token == null) {
            throw new FatalStepException("the recordings API returned no download_access_token; does the S2S OAuth "
                    + "app have the cloud_recording:read scope?");
        }
        URI downloadUrl = null;
        JsonNode files = recordings.get("recording_files");
        if (files != null && files.isArray()) {
            for (JsonNode listed : files) {
                if (fileId != null && fileId.equals(text(listed.get("id"))) && text(listed.get("download_url")) != null) {
                    downloadUrl = URI.create(text(listed.get("download_url")));
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
                .exchange((request, response) -> {
                    if (response.getStatusCode().value() == 404) {
                        return false;
                    }
                    json(response, "the recordings API (trash)");
                    return true;
                }, true));
    }

    private String recordingsPath(String meetingUuid) {
        return settings.apiUrl().toString().replaceAll("/+$", "") + "/meetings/" + encodeUuid(meetingUuid) + "/recordings";
    }

    private String accessToken() {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "account_credentials");
        form.add("account_id", settings.accountId());
        JsonNode answer = http.post().uri(settings.oauthUrl())
                .headers(h -> h.setBasicAuth(settings.clientId(), settings.clientSecret(), StandardCharsets.UTF_8))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form)
                .exchange((request, response) -> json(response, "Zoom OAuth (account_credentials)"), true);
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

    /** The JSON body of a 2xx answer ({@code {}} when empty); a retryable or fatal failure otherwise. */
    private static JsonNode json(ClientHttpResponse response, String what) throws IOException {
        HttpStatusCode status = response.getStatusCode();
        if (!status.is2xxSuccessful()) {
            String failure = what + " answered HTTP " + status.value();
            throw HttpStatuses.isRetryable(status.value())
                    ? new RetryableStepException(failure)
                    : new FatalStepException(failure);
        }
        try (InputStream body = response.getBody()) {
            byte[] bytes = body.readNBytes(MAX_JSON_BYTES + 1);
            if (bytes.length > MAX_JSON_BYTES) {
                throw new FatalStepException(what + " answered more than " + MAX_JSON_BYTES + " bytes of JSON");
            }
            return EventCodec.mapper().readTree(bytes.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : bytes);
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || !node.isValueNode() ? null : node.asString();
    }
}
