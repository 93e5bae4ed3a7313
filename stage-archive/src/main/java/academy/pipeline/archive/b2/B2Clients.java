package academy.pipeline.archive.b2;

import com.backblaze.b2.client.B2ClientConfig;
import com.backblaze.b2.client.B2StorageClient;
import com.backblaze.b2.client.webApiHttpClient.B2StorageHttpClientBuilder;
import com.backblaze.b2.client.webApiHttpClient.HttpClientFactoryImpl;

/** Builds the b2-sdk-java client from the settings: master URL, timeouts, connection pool, per-call retries. */
final class B2Clients {

    static final String USER_AGENT = "recording-pipeline-archive/1.0";

    private B2Clients() {
    }

    static B2StorageClient create(B2ArchiveSettings settings) {
        B2ClientConfig config = B2ClientConfig
                .builder(settings.applicationKeyId(), settings.applicationKey(), USER_AGENT)
                .setMasterUrl(settings.masterUrl())
                .build();
        int connectSeconds = seconds(settings.connectTimeout());
        HttpClientFactoryImpl http = HttpClientFactoryImpl.builder()
                .setSupportInsecureHttp(settings.masterUrl().startsWith("http:"))
                .setConnectTimeoutSeconds(connectSeconds)
                .setConnectionRequestTimeoutSeconds(connectSeconds)
                .setSocketTimeoutSeconds(seconds(settings.socketTimeout()))
                .setMaxConnectionsPerRoute(settings.uploadThreads() + 2)
                .setMaxTotalConnectionsInPool(settings.uploadThreads() + 4)
                .build();
        int attempts = settings.attemptsPerCall();
        int maxWait = seconds(settings.maxWaitPerCall());
        return B2StorageHttpClientBuilder.builder(config)
                .setHttpClientFactory(http)
                .setRetryPolicySupplier(() -> new CallRetryPolicy(attempts, maxWait))
                .build();
    }

    private static int seconds(java.time.Duration duration) {
        return (int) Math.max(1, duration.toSeconds());
    }
}
