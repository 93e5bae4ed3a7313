package academy.pipeline.gateway.zoom;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.gateway.web.ApiError;
import academy.pipeline.gateway.web.ApiException;
import academy.pipeline.gateway.web.JsonContentType;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Guards {@code POST /zoom-upload} before anything is known about the caller. Refused without reading the
 * body: a content type other than JSON (415), a Content-Length over the limit (413), missing or stale signature
 * headers (401), and more unverified bodies in flight than {@code max-unverified-bodies} (503 with Retry-After).
 * An admitted body is read without blocking a request thread (servlet non-blocking I/O) into a buffer of at most
 * {@code max-body-size}, within {@code body-read-timeout} in total (408), then handed to
 * {@link ZoomWebhookController} as a request attribute. So a stalled or dripping client holds neither a thread
 * nor more than one bounded buffer, and their number is capped. Refusals close the connection without draining
 * the rest of the body (non-blocking mode), so a stalled client cannot hold the thread that refused it either.
 */
class WebhookBodyGate implements Filter {

    /** The request attribute carrying the admitted raw body. */
    static final String BODY = WebhookBodyGate.class.getName() + ".body";
    static final String RETRY_AFTER_SECONDS = "5";

    private static final Logger log = LoggerFactory.getLogger(WebhookBodyGate.class);

    private final ZoomIntakeSettings settings;
    private final ZoomSignatureVerifier verifier;
    private final Semaphore unverified;

    WebhookBodyGate(ZoomIntakeSettings settings, ZoomSignatureVerifier verifier) {
        this.settings = settings;
        this.verifier = verifier;
        this.unverified = new Semaphore(settings.maxUnverifiedBodies());
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (request.getDispatcherType() == DispatcherType.ASYNC || !"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        long max = settings.maxBodySize().toBytes();
        if (!JsonContentType.is(request.getContentType())) {
            refuse(request, response, new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "webhook bodies must be application/json"));
            return;
        }
        if (request.getContentLengthLong() > max) {
            refuse(request, response, tooLarge(max));
            return;
        }
        try {
            verifier.checkHeaders(request.getHeader("x-zm-request-timestamp"), request.getHeader("x-zm-signature"));
        } catch (ApiException e) {
            refuse(request, response, e);
            return;
        }
        if (!unverified.tryAcquire()) {
            log.warn("zoom webhook refused: {} unverified bodies already in flight", settings.maxUnverifiedBodies());
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            refuse(request, response, new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "busy",
                    "too many webhook bodies in flight; retry later"));
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(settings.bodyReadTimeout().toMillis());
        BodyReader reader = new BodyReader(async, request.getInputStream(), max);
        async.addListener(reader);
        request.getInputStream().setReadListener(reader);
    }

    /** Reads the body as it arrives, on whichever container thread has data; never blocks. */
    private final class BodyReader implements ReadListener, AsyncListener {

        private final AsyncContext async;
        private final ServletInputStream in;
        private final long max;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
        private final byte[] buffer = new byte[8192];
        private final AtomicBoolean released = new AtomicBoolean();

        BodyReader(AsyncContext async, ServletInputStream in, long max) {
            this.async = async;
            this.in = in;
            this.max = max;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!released.get() && in.isReady()) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                if (body.size() + n > max) {
                    finish(tooLarge(max));
                    return;
                }
                body.write(buffer, 0, n);
            }
        }

        @Override
        public void onAllDataRead() {
            if (release()) {
                async.getRequest().setAttribute(BODY, body.toByteArray());
                async.dispatch();
            }
        }

        @Override
        public void onError(Throwable t) {
            log.debug("zoom webhook body not read: {}", t.toString());
            finish(new ApiException(HttpStatus.BAD_REQUEST, "body_not_read", "the webhook body could not be read"));
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            finish(new ApiException(HttpStatus.REQUEST_TIMEOUT, "body_timeout",
                    "the webhook body did not arrive within " + settings.bodyReadTimeout().toSeconds() + " s"));
        }

        @Override
        public void onError(AsyncEvent event) {
            release();
        }

        @Override
        public void onComplete(AsyncEvent event) {
            release();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }

        private void finish(ApiException refusal) {
            if (release()) {
                try {
                    write((HttpServletResponse) async.getResponse(), refusal);
                } catch (IOException e) {
                    log.debug("zoom webhook refusal not sent: {}", e.toString());
                } finally {
                    async.complete();
                }
            }
        }

        private boolean release() {
            if (released.compareAndSet(false, true)) {
                unverified.release();
                return true;
            }
            return false;
        }
    }

    /**
     * Answers without reading the body. The request is switched to non-blocking mode first, so the container
     * does not drain (block on) the unread rest of the body after the answer; the connection is closed instead.
     */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, ApiException refusal)
            throws IOException {
        AsyncContext async = request.startAsync();
        request.getInputStream().setReadListener(new ReadListener() {
            @Override
            public void onDataAvailable() {
            }

            @Override
            public void onAllDataRead() {
            }

            @Override
            public void onError(Throwable t) {
            }
        });
        try {
            write(response, refusal);
        } finally {
            async.complete();
        }
    }

    private static void write(HttpServletResponse response, ApiException refusal) throws IOException {
        response.setStatus(refusal.status().value());
        response.setHeader("Connection", "close");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        ApiError body = refusal.body();
        byte[] json = EventCodec.mapper().writeValueAsBytes(body);
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
        response.flushBuffer();
    }

    static ApiException tooLarge(long max) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "body_too_large",
                "webhook bodies are limited to " + max + " bytes");
    }
}
