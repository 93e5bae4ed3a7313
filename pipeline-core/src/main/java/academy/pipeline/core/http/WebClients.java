package academy.pipeline.core.http;

import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.handler.timeout.WriteTimeoutHandler;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

import java.util.concurrent.TimeUnit;

/** WebClients with the pipeline's timeouts and a small in-memory limit (bodies are streamed, never buffered). */
public final class WebClients {

    /** Largest body a WebClient may buffer: JSON replies only. Files are streamed as DataBuffers. */
    public static final int MAX_IN_MEMORY_BYTES = 256 * 1024;

    private WebClients() {
    }

    /**
     * @param followRedirects whether the client follows redirects itself; callers that must vet every hop
     *                        (Zoom downloads against a host allowlist) pass false and follow by hand
     */
    public static WebClient create(WebClient.Builder builder, HttpSettings settings, boolean followRedirects) {
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .responseTimeout(settings.responseTimeout())
                .followRedirect(followRedirects)
                .doOnConnected(connection -> connection
                        .addHandlerLast(new ReadTimeoutHandler(settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                        .addHandlerLast(new WriteTimeoutHandler(settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)));
        return builder.clone()
                .clientConnector(new ReactorClientHttpConnector(http))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_IN_MEMORY_BYTES))
                .build();
    }
}
