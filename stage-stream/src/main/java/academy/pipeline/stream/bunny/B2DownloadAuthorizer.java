package academy.pipeline.stream.bunny;

import academy.pipeline.core.event.ArchivedFile;
import academy.pipeline.core.runtime.FatalStepException;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.springframework.http.MediaType;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Signs B2 downloads for Bunny's fetch with B2's native API: {@code b2_authorize_account}, the bucket's id
 * ({@code allowed.bucketId} of a key restricted to it, else {@code b2_list_buckets} by name), then
 * {@code b2_get_download_authorization} for exactly the archived file's name, valid for the given lifetime.
 * The result is the {@code Authorization} header Bunny sends with its pull; it opens nothing but that file name,
 * and only until it expires, unlike the account token (which would open the whole account for 24 h).
 */
final class B2DownloadAuthorizer {

    private static final String API = "/b2api/v2/";

    private final RestClient http;
    private final B2DownloadKey key;

    B2DownloadAuthorizer(RestClient http, B2DownloadKey key) {
        this.http = http;
        this.key = key;
    }

    /** Headers that let their holder download the archived file for {@code lifetime}. */
    Map<String, String> headersFor(ArchivedFile archive, Duration lifetime) {
        Account account = authorizeAccount();
        String bucketId = bucketId(account, archive.bucket());
        DownloadAuthorization authorization = call("b2_get_download_authorization", () -> http.post()
                .uri(account.apiUrl() + API + "b2_get_download_authorization")
                .header("Authorization", account.authorizationToken())
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("bucketId", bucketId, "fileNamePrefix", archive.fileName(),
                        "validDurationInSeconds", Math.max(1, lifetime.toSeconds())))
                .retrieve()
                .body(DownloadAuthorization.class));
        return Map.of("Authorization", authorization.authorizationToken());
    }

    private Account authorizeAccount() {
        String basic = Base64.getEncoder().encodeToString(
                (key.applicationKeyId() + ":" + key.applicationKey()).getBytes(StandardCharsets.UTF_8));
        String master = key.masterUrl().toString().replaceAll("/+$", "");
        return call("b2_authorize_account", () -> http.post()
                .uri(master + API + "b2_authorize_account")
                .header("Authorization", "Basic " + basic)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of())
                .retrieve()
                .body(Account.class));
    }

    private String bucketId(Account account, String bucketName) {
        if (account.allowed() != null && bucketName.equals(account.allowed().bucketName())
                && account.allowed().bucketId() != null) {
            return account.allowed().bucketId();
        }
        Buckets buckets = call("b2_list_buckets", () -> http.post()
                .uri(account.apiUrl() + API + "b2_list_buckets")
                .header("Authorization", account.authorizationToken())
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("accountId", account.accountId(), "bucketName", bucketName))
                .retrieve()
                .body(Buckets.class));
        return buckets.buckets().stream().filter(b -> bucketName.equals(b.bucketName())).findFirst()
                .orElseThrow(() -> new FatalStepException("B2 bucket " + bucketName + " is not visible to the key "
                        + key.applicationKeyId() + " that signs Bunny's fetches (pipeline.stream.bunny.b2.*)"))
                .bucketId();
    }

    private <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (HttpClientErrorException e) {
            int status = e.getStatusCode().value();
            if (status == 400 || status == 401 || status == 403) {
                throw new FatalStepException("B2 refused " + operation + " (HTTP " + status + ": "
                        + e.getResponseBodyAsString().replaceAll("\\s+", " ") + "): the key "
                        + key.applicationKeyId() + " must be valid and have shareFiles on the archive bucket "
                        + "(pipeline.stream.bunny.b2.*, else pipeline.archive.b2.*)", e);
            }
            throw e;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Account(String accountId, String authorizationToken, String apiUrl, Allowed allowed) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Allowed(String bucketId, String bucketName) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Buckets(List<Bucket> buckets) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Bucket(String bucketId, String bucketName) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DownloadAuthorization(String authorizationToken) {
    }
}
