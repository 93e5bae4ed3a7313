package academy.pipeline.download.zoom;

import academy.pipeline.core.runtime.FatalStepException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.net.URI;

/**
 * GETs a Zoom download URL and follows its redirects by hand (the client itself follows none): every hop is
 * checked against the {@link HostAllowlist} before it is contacted, and the bearer token goes only to the
 * scheme, host and port it was issued for. I/O failures come out as the underlying {@link IOException}, whose
 * message does not carry the URL (Zoom's paths and queries carry signatures).
 */
final class VettedRedirects {

    /** Reads the answer that is not a redirect; the response is closed afterwards. */
    @FunctionalInterface
    interface FinalAnswer<T> {
        T read(URI uri, boolean sentToken, ClientHttpResponse response) throws IOException;
    }

    private final RestClient http;
    private final HostAllowlist allowlist;
    private final int maxRedirects;

    /** @param http a client that does not follow redirects ({@code RestClients.create(settings, false)}) */
    VettedRedirects(RestClient http, HostAllowlist allowlist, int maxRedirects) {
        this.http = http;
        this.allowlist = allowlist;
        this.maxRedirects = maxRedirects;
    }

    /** @param rangeFrom first byte wanted; 0 for the whole file */
    <T> T get(URI url, String token, long rangeFrom, FinalAnswer<T> answer) throws IOException {
        URI current = url;
        for (int redirects = 0; ; redirects++) {
            if (redirects > maxRedirects) {
                throw new FatalStepException("more than " + maxRedirects + " redirects from " + UriOrigins.describe(url));
            }
            allowlist.require(current, redirects == 0 ? "download URL" : "redirect " + redirects);
            String bearer = UriOrigins.sameOrigin(current, url) ? token : null;
            Hop<T> hop = exchange(current, bearer, rangeFrom, answer);
            if (hop.location() == null) {
                return hop.result();
            }
            current = hop.location();
        }
    }

    private <T> Hop<T> exchange(URI uri, String bearer, long rangeFrom, FinalAnswer<T> answer) throws IOException {
        try {
            return http.get().uri(uri)
                    .headers(headers -> {
                        if (bearer != null) {
                            headers.setBearerAuth(bearer);
                        }
                        if (rangeFrom > 0) {
                            headers.set(HttpHeaders.RANGE, "bytes=" + rangeFrom + "-");
                        }
                    })
                    .exchange((request, response) -> response.getStatusCode().is3xxRedirection()
                            ? new Hop<T>(null, location(uri, response))
                            : new Hop<>(answer.read(uri, bearer != null, response), null), true);
        } catch (ResourceAccessException e) {
            // the client's wrapper names the whole URL; the cause says what went wrong without it
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("request to " + UriOrigins.describe(uri) + " failed");
        }
    }

    private static URI location(URI uri, ClientHttpResponse response) throws IOException {
        String location = response.getHeaders().getFirst(HttpHeaders.LOCATION);
        if (location == null) {
            throw new FatalStepException("HTTP " + response.getStatusCode().value() + " without Location from "
                    + UriOrigins.describe(uri));
        }
        return uri.resolve(location.trim());
    }

    /** The next location of a redirect, or (location null) the final answer's result. */
    private record Hop<T>(T result, URI location) {
    }
}
