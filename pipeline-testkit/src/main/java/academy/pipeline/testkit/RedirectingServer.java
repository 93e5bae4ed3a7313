package academy.pipeline.testkit;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A vendor that answers every request with {@code 302} to a second server on 127.0.0.1, which counts the requests
 * that reach it: for tests that a client does not follow a redirect (and so does not send its credentials on).
 */
public final class RedirectingServer implements AutoCloseable {

    private final HttpServer elsewhere;
    private final HttpServer redirecting;
    private final AtomicInteger elsewhereHits = new AtomicInteger();

    private RedirectingServer() throws IOException {
        elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        elsewhere.createContext("/", exchange -> {
            elsewhereHits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        redirecting = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        redirecting.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/collect");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
    }

    /** Starts both servers on free loopback ports. */
    public static RedirectingServer start() {
        try {
            RedirectingServer server = new RedirectingServer();
            server.elsewhere.start();
            server.redirecting.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Base URL of the server that redirects, e.g. {@code http://127.0.0.1:41234}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + redirecting.getAddress().getPort());
    }

    /** Requests that reached the redirect target. */
    public int elsewhereHits() {
        return elsewhereHits.get();
    }

    @Override
    public void close() {
        redirecting.stop(0);
        elsewhere.stop(0);
    }
}
