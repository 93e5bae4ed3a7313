package academy.pipeline.testkit;

import academy.pipeline.core.security.Hmac;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the academy's website: receives the pipeline's notifications over real HTTP on 127.0.0.1,
 * checks the signature header, and records what arrived. Faults: answer the next N requests with a status,
 * or hold requests until released.
 */
public final class WebsiteReceiver implements AutoCloseable {

    /**
     * One notification as received.
     *
     * @param idempotencyKey  the {@code Idempotency-Key} header
     * @param signature       the {@code X-Pipeline-Signature} header, or null
     * @param signatureValid  whether the signature verified with the receiver's secret
     * @param body            the raw JSON body
     * @param answeredStatus  the status the receiver answered
     */
    public record Received(String idempotencyKey, String signature, boolean signatureValid, String body,
                           int answeredStatus) {
    }

    private static final int MAX_BODY = 1024 * 1024;

    private volatile HttpServer server;
    private final int port;
    private final String secret;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 503;
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private final AtomicInteger waiting = new AtomicInteger();

    private WebsiteReceiver(String secret) throws IOException {
        this.secret = secret;
        this.server = listen(0);
        this.port = server.getAddress().getPort();
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
        http.setExecutor(Executors.newCachedThreadPool());
        http.createContext("/", this::handle);
        http.start();
        return http;
    }

    /** Takes the website down: connections are refused until {@link #comeBack()}. */
    public synchronized void goDown() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** Brings the website back on the same port. */
    public synchronized void comeBack() throws IOException {
        server = listen(port);
    }

    /** Starts a receiver on a free port of 127.0.0.1 that verifies signatures with {@code secret}. */
    public static WebsiteReceiver start(String secret) throws IOException {
        return new WebsiteReceiver(secret);
    }

    /** The URL to configure as {@code pipeline.notify.website-url}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/recordings/notify");
    }

    /** Answers the next {@code count} requests with {@code status} instead of 200. */
    public void failNext(int count, int status) {
        this.failureStatus = status;
        this.failuresLeft.set(count);
    }

    /** Makes requests wait (without answering) until {@link #release()}. */
    public void holdRequests() {
        hold = new CountDownLatch(1);
    }

    public void release() {
        hold.countDown();
    }

    /** Requests currently held by {@link #holdRequests()}. */
    public int waiting() {
        return waiting.get();
    }

    /** Everything received so far, in arrival order. */
    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Notifications answered 2xx. */
    public List<Received> accepted() {
        return received.stream().filter(r -> r.answeredStatus() / 100 == 2).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY);
            }
            String text = new String(body, StandardCharsets.UTF_8);
            waiting.incrementAndGet();
            boolean released;
            try {
                released = hold.await(5, TimeUnit.MINUTES);
            } finally {
                waiting.decrementAndGet();
            }
            if (!released) {
                exchange.sendResponseHeaders(504, -1);
                return;
            }
            String signature = exchange.getRequestHeaders().getFirst("X-Pipeline-Signature");
            int status = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? failureStatus : 200;
            received.add(new Received(exchange.getRequestHeaders().getFirst("Idempotency-Key"), signature,
                    verify(signature, text), text, status));
            byte[] answer = status == 200 ? "{\"ok\":true}".getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Verifies {@code t=<unix>,v1=<hex>} the way the website is told to in README.md. */
    private boolean verify(String header, String body) {
        if (header == null || secret == null) {
            return false;
        }
        String timestamp = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equals("t")) {
                timestamp = kv[1];
            } else if (kv.length == 2 && kv[0].equals("v1")) {
                v1 = kv[1];
            }
        }
        return timestamp != null && Hmac.matches(Hmac.sha256Hex(secret, timestamp + "." + body), v1);
    }

    @Override
    public void close() {
        release();
        goDown();
    }
}
