package academy.pipeline.core.http;

import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.handler.timeout.WriteTimeoutHandler;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import reactor.netty.http.client.HttpClient;

import java.util.concurrent.TimeUnit;

/**
 * Blocking HTTP clients for the steps (one record at a time, so blocking is the natural style), on Reactor
 * Netty with the pipeline's timeouts: connect, response headers, and the longest silence while a body moves.
 * Request and response bodies stream; nothing is buffered beyond the client's fixed chunks.
 */
public final class RestClients {

    private RestClients() {
    }

    /**
     * @param followRedirects whether the client follows redirects itself; callers that must vet every hop
     *                        (Zoom downloads against a host allowlist) pass false and follow by hand
     */
    public static RestClient create(HttpSettings settings, boolean followRedirects) {
        return builder(settings, followRedirects).build();
    }

    public static RestClient.Builder builder(HttpSettings settings, boolean followRedirects) {
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .responseTimeout(settings.responseTimeout())
                .followRedirect(followRedirects)
                .doOnConnected(connection -> connection
                        .addHandlerLast(new ReadTimeoutHandler(settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                        .addHandlerLast(new WriteTimeoutHandler(settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)));
        return RestClient.builder().requestFactory(new ReactorClientHttpRequestFactory(http));
    }
}
