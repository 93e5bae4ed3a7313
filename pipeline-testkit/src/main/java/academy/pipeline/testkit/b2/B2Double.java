package academy.pipeline.testkit.b2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A Backblaze B2 native API v2 double on 127.0.0.1, speaking what b2-sdk-java sends: {@code POST
 * /b2api/v2/b2_authorize_account} with Basic auth, JSON calls with the account token, uploads to the upload URLs
 * it hands out (SHA-1 header or {@code hex_digits_at_end}, {@code Content-Length} required), large files (start,
 * part URLs, parts, finish, list parts, list unfinished, cancel), list buckets, list file names and versions, and
 * {@code GET /file/<bucket>/<name>}. Bytes go to disk with streaming I/O. Errors use B2's {@code {status, code,
 * message}} shape. Faults (fail the next N calls of an operation, an outage of every call, latency, a bandwidth
 * cap) via {@link #faults()}; {@link #refuseConnections()} closes the port.
 *
 * <pre>{@code
 * try (B2Double b2 = B2Double.builder(dir).bucket("archive").partSizes(1 << 20, 1 << 20).start()) {
 *     // B2ClientConfig.builder(b2.keyId(), b2.applicationKey(), "ua").setMasterUrl(b2.masterUrl())
 * }
 * }</pre>
 */
public final class B2Double implements AutoCloseable {

    private static final List<String> ALL_CAPABILITIES = List.of("listBuckets", "listFiles", "readFiles",
            "writeFiles", "deleteFiles", "shareFiles");

    /** Settings of a double before it starts. */
    public static final class Builder {
        private final Path dataDir;
        private String keyId = "0012345keyid";
        private String key = "K001secretapplicationkey";
        private long recommendedPartSize = 100_000_000;
        private long absoluteMinimumPartSize = 5_000_000;
        private int threads = 8;
        private final List<String> buckets = new ArrayList<>();
        private List<String> capabilities = ALL_CAPABILITIES;
        private String allowedBucket;
        private boolean privateDownloads;

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        public Builder credentials(String applicationKeyId, String applicationKey) {
            this.keyId = applicationKeyId;
            this.key = applicationKey;
            return this;
        }

        /** Part sizes announced by authorize; tiny sizes make the SDK use the large-file API on small test files. */
        public Builder partSizes(long recommended, long absoluteMinimum) {
            this.recommendedPartSize = recommended;
            this.absoluteMinimumPartSize = absoluteMinimum;
            return this;
        }

        /** Requests handled at once. */
        public Builder threads(int count) {
            this.threads = count;
            return this;
        }

        public Builder bucket(String name) {
            buckets.add(name);
            return this;
        }

        /**
         * Makes the application key one restricted to a bucket, as {@code b2 key create --bucket <name>} makes it:
         * authorize names the bucket in {@code allowed.bucketId}/{@code bucketName}, {@code b2_list_buckets}
         * answers only with that bucket's name or id, calls on other buckets get 401 {@code unauthorized}.
         */
        public Builder keyRestrictedTo(String bucketName) {
            this.allowedBucket = bucketName;
            return this;
        }

        /** The key's capabilities (default: all); a call that needs another one gets 401 {@code unauthorized}. */
        public Builder keyCapabilities(String... names) {
            this.capabilities = List.of(names);
            return this;
        }

        /**
         * Makes downloads ({@code GET /file/...}) need authorization, as for B2's {@code allPrivate} buckets: an
         * account token, or a {@code b2_get_download_authorization} token for the file's name; else 401.
         */
        public Builder privateDownloads() {
            this.privateDownloads = true;
            return this;
        }

        public B2Double start() throws IOException {
            return new B2Double(this);
        }
    }

    private volatile HttpServer server;
    private final ExecutorService executor;
    private final int port;
    private final ApiCallHandler api;
    private final UploadHandler uploads;
    private final DownloadHandler downloads;
    private final B2Store store;
    private final B2Tokens tokens = new B2Tokens();
    private final B2Faults faults = new B2Faults();
    private final DownloadAuthorizations downloadAuthorizations = new DownloadAuthorizations(tokens, Clock.systemUTC());
    private final String keyId;
    private volatile String key;
    private final String baseUrl;

    private B2Double(Builder builder) throws IOException {
        this.keyId = builder.keyId;
        this.key = builder.key;
        this.store = new B2Store(builder.dataDir, builder.absoluteMinimumPartSize);
        builder.buckets.forEach(store::createBucket);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        this.port = server.getAddress().getPort();
        this.baseUrl = "http://127.0.0.1:" + port;
        AtomicInteger threadIds = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(builder.threads, runnable -> {
            Thread thread = new Thread(runnable, "b2-double-" + threadIds.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.api = new ApiCallHandler(new ApiCallHandler.Account(keyId, baseUrl,
                builder.recommendedPartSize, builder.absoluteMinimumPartSize, builder.capabilities,
                builder.allowedBucket), () -> this.key, store, tokens, downloadAuthorizations);
        this.uploads = new UploadHandler(store, tokens, faults);
        boolean privateDownloads = builder.privateDownloads;
        this.downloads = new DownloadHandler(store, (authorization, bucketId, fileName) -> !privateDownloads
                || tokens.isAccountToken(authorization)
                || downloadAuthorizations.allows(authorization, bucketId, fileName));
        serve(server);
    }

    private void serve(HttpServer http) {
        http.createContext("/b2api/v2/b2_upload_file/", guarded(e -> "b2_upload_file", uploads::uploadFile));
        http.createContext("/b2api/v2/b2_upload_part/", guarded(e -> "b2_upload_part", uploads::uploadPart));
        http.createContext("/b2api/v2/", guarded(B2Double::operationOf, e -> api.handle(e, operationOf(e))));
        http.createContext("/file/", guarded(e -> "b2_download_file_by_name", downloads::handle));
        http.setExecutor(executor);
        http.start();
    }

    /**
     * Closes the listening port, as when B2 is unreachable: new connections are refused (exchanges under way are
     * dropped) until {@link #acceptConnections()}.
     */
    public synchronized void refuseConnections() {
        server.stop(0);
    }

    /** Listens again on the same port, with every file and token kept. */
    public synchronized void acceptConnections() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        serve(http);
        server = http;
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** The URL to give b2-sdk-java as master URL, with the trailing slash it expects. */
    public String masterUrl() {
        return baseUrl + "/";
    }

    public String keyId() {
        return keyId;
    }

    public String applicationKey() {
        return key;
    }

    public B2Faults faults() {
        return faults;
    }

    /** Creates a bucket and returns its id. */
    public String createBucket(String name) {
        return store.createBucket(name).bucketId();
    }

    /** Finished versions of {@code fileName} in {@code bucketName}, newest first. */
    public List<StoredFile> versions(String bucketName, String fileName) {
        return store.bucketByName(bucketName)
                .map(b -> store.versions(b.bucketId(), fileName).stream()
                        .filter(f -> f.fileName().equals(fileName)).toList())
                .orElse(List.of());
    }

    /** Every finished version in every bucket. */
    public List<StoredFile> allFiles() {
        return store.allFiles();
    }

    /** Names of the unfinished large files, in start order. */
    public List<String> unfinishedFileNames() {
        return store.allUnfinished().stream().map(f -> f.fileName).toList();
    }

    /** The newest version of a name, if any. */
    public Optional<StoredFile> latest(String bucketName, String fileName) {
        return versions(bucketName, fileName).stream().findFirst();
    }

    /** Opens the stored content of a file version: its segments in order, each opened when reached. */
    public InputStream open(StoredFile file) {
        Iterator<Path> segments = file.segments().iterator();
        return new SequenceInputStream(new Enumeration<InputStream>() {
            @Override
            public boolean hasMoreElements() {
                return segments.hasNext();
            }

            @Override
            public InputStream nextElement() {
                try {
                    return Files.newInputStream(segments.next());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    /**
     * Replaces the application key, as an operator revoking a key does: the old key no longer authorizes and
     * every token handed out so far stops working.
     */
    public void replaceApplicationKey(String newKey) {
        this.key = newKey;
        tokens.expireAll();
        downloadAuthorizations.expireAll();
    }

    /** Invalidates every token handed out so far, as B2 does when tokens expire. */
    public void expireTokens() {
        tokens.expireAll();
        downloadAuthorizations.expireAll();
    }

    /** Upload body bytes read from every upload and part request so far (what clients sent, retries included). */
    public long uploadBytesReceived() {
        return faults.uploadBytesReceived();
    }

    @Override
    public synchronized void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private interface Route {
        void handle(HttpExchange exchange) throws IOException;
    }


    private HttpHandler guarded(Function<HttpExchange, String> operation, Route route) {
        return exchange -> {
            try (exchange) {
                try {
                    faults.onCall(operation.apply(exchange));
                    route.handle(exchange);
                } catch (B2ApiException e) {
                    B2Exchange.sendError(exchange, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    B2Exchange.sendError(exchange, new B2ApiException(503, "service_unavailable", "shutting down"));
                } catch (RuntimeException e) {
                    B2Exchange.sendError(exchange, new B2ApiException(500, "internal_error", String.valueOf(e)));
                }
            } catch (IOException ignored) {
                // the client went away mid-exchange (or the answer was already under way); nothing left to tell it
            }
        };
    }

    private static String operationOf(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
