package academy.pipeline.testkit.zoom;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Zoom's download side over real HTTP on 127.0.0.1 (docs/external-apis.md §1):
 * <ul>
 *   <li>{@code GET /rec/webhook_download/{fileId}} and {@code /rec/download/{fileId}}: bearer token required
 *       (401 with Zoom's code 124 otherwise, also for {@code ?access_token=}), answers 302 to a signed storage
 *       URL ({@code ?Policy=&Signature=&Key-Pair-Id=});</li>
 *   <li>{@code GET /storage/...}: the file, streamed from disk, with Range support (206, 416);</li>
 *   <li>{@code POST /oauth/token} (account_credentials, Basic auth) and
 *       {@code GET /v2/meetings/{uuid}/recordings?include_fields=download_access_token}, with Zoom's
 *       double-encoding rule for uuids, to replace expired download tokens, and
 *       {@code DELETE /v2/meetings/{uuid}/recordings/{fileId}?action=trash}.</li>
 * </ul>
 * Per-file faults: an HTML page with 200 instead of the file, connections cut after K bytes, Range ignored,
 * redirects to another host name, a bandwidth cap. This class holds the state and routes requests; the endpoints
 * are {@link DownloadEndpoint}, {@link StorageEndpoint} and {@link RecordingsApiEndpoint}.
 */
public final class ZoomDownloadServer implements AutoCloseable {

    /**
     * One request as the server saw it.
     *
     * @param path      the path, without query
     * @param range     the Range header, or null
     * @param bearer    whether an Authorization bearer header came with it
     * @param status    the status answered
     */
    public record Request(String path, String range, boolean bearer, int status) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, RecordingFile> files = new ConcurrentHashMap<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final RecordingsApiEndpoint api = new RecordingsApiEndpoint(files, validTokens);
    private final DownloadEndpoint downloads;
    private final StorageEndpoint storage;

    private ZoomDownloadServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        StorageSignatures signatures = new StorageSignatures();
        downloads = new DownloadEndpoint(files, validTokens, signatures, port());
        storage = new StorageEndpoint(files, signatures);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on a free port of 127.0.0.1. */
    public static ZoomDownloadServer start() throws IOException {
        return new ZoomDownloadServer(0);
    }

    public static ZoomDownloadServer start(int port) throws IOException {
        return new ZoomDownloadServer(port);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** {@code pipeline.zoom.oauth-url}. */
    public URI oauthUrl() {
        return baseUrl().resolve("/oauth/token");
    }

    /** {@code pipeline.zoom.api-url}. */
    public URI apiUrl() {
        return baseUrl().resolve("/v2");
    }

    /** Enables the OAuth endpoint for these server-to-server credentials. */
    public void acceptCredentials(String accountId, String clientId, String clientSecret) {
        api.acceptCredentials(accountId, clientId, clientSecret);
    }

    /** Makes {@code token} a valid download token (as a webhook's {@code download_token} is, for 24 h). */
    public void acceptToken(String token) {
        validTokens.add(token);
    }

    /** Lets {@code token} expire: downloads with it get 401 from now on. */
    public void expireToken(String token) {
        validTokens.remove(token);
    }

    /** Serves {@code file} as recording file {@code fileId} of the meeting {@code meetingUuid}. */
    public RecordingFile add(String meetingUuid, String fileId, Path file) {
        RecordingFile recording = new RecordingFile(meetingUuid, fileId, file);
        files.put(fileId, recording);
        return recording;
    }

    /** Ids of the files moved to the trash through the API. */
    public Set<String> trashed() {
        return api.trashed();
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** A file the server serves, and its faults. */
    public final class RecordingFile {
        private final String meetingUuid;
        private final String fileId;
        private final Path file;
        private volatile boolean html;
        private volatile String htmlToken;
        private volatile boolean ignoreRange;
        private volatile long cutAt = -1;
        private final AtomicInteger cutsLeft = new AtomicInteger();
        private volatile String redirectHost = "127.0.0.1";
        private volatile long bytesPerSecond = -1;

        private RecordingFile(String meetingUuid, String fileId, Path file) {
            this.meetingUuid = meetingUuid;
            this.fileId = fileId;
            this.file = file;
        }

        /** The webhook's {@code download_url}. */
        public String webhookDownloadUrl() {
            return baseUrl() + "/rec/webhook_download/" + fileId;
        }

        /** The REST API's {@code download_url}; another URL for the same file, as duplicate webhooks carry. */
        public String apiDownloadUrl() {
            return baseUrl() + "/rec/download/" + fileId;
        }

        public long size() throws IOException {
            return Files.size(file);
        }

        /** Answers 200 {@code text/html} (Zoom's page for deleted or unauthorised recordings). */
        public RecordingFile html() {
            html = true;
            return this;
        }

        /**
         * Answers 200 {@code text/html} to downloads bearing this (valid) token only, as Zoom does for a token that
         * no longer grants access; a freshly issued token gets the file.
         */
        public RecordingFile htmlWith(String token) {
            htmlToken = token;
            return this;
        }

        /** Ignores Range headers: always 200 with the whole file. */
        public RecordingFile ignoreRange() {
            ignoreRange = true;
            return this;
        }

        /** The next {@code times} responses close the connection once file offset {@code bytes} is reached. */
        public RecordingFile cutAfter(long bytes, int times) {
            cutAt = bytes;
            cutsLeft.set(times);
            return this;
        }

        /** The 302 points to this host name instead of 127.0.0.1 (same port). */
        public RecordingFile redirectTo(String host) {
            redirectHost = host;
            return this;
        }

        /** Caps this file's download rate. */
        public RecordingFile bandwidth(long bytesPerSecond) {
            this.bytesPerSecond = bytesPerSecond;
            return this;
        }

        String meetingUuid() {
            return meetingUuid;
        }

        String fileId() {
            return fileId;
        }

        Path file() {
            return file;
        }

        boolean answersHtmlTo(String token) {
            return html || token.equals(htmlToken);
        }

        boolean ignoresRange() {
            return ignoreRange;
        }

        String redirectHost() {
            return redirectHost;
        }

        long bytesPerSecond() {
            return bytesPerSecond;
        }

        /** The file offset at which this response is cut, or -1; uses up one of the cuts. */
        long takeCut() {
            return cutAt >= 0 && cutsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? cutAt : -1;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            }
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            int[] status = {500};
            try {
                if (method.equals("GET") && (path.startsWith("/rec/webhook_download/") || path.startsWith("/rec/download/"))) {
                    status[0] = downloads.handle(exchange, path.substring(path.lastIndexOf('/') + 1));
                } else if (method.equals("GET") && path.startsWith("/storage/")) {
                    storage.handle(exchange, path, code -> status[0] = code);
                } else if (method.equals("POST") && path.equals("/oauth/token")) {
                    status[0] = api.oauth(exchange, body);
                } else if (method.equals("GET") && path.startsWith("/v2/meetings/") && path.endsWith("/recordings")) {
                    status[0] = api.recordings(exchange, path.substring("/v2/meetings/".length(), path.length() - "/recordings".length()));
                } else if (method.equals("DELETE") && path.startsWith("/v2/meetings/") && path.contains("/recordings/")) {
                    int split = path.lastIndexOf("/recordings/");
                    status[0] = api.trash(exchange, path.substring("/v2/meetings/".length(), split),
                            URLDecoder.decode(path.substring(split + "/recordings/".length()), StandardCharsets.UTF_8));
                } else {
                    status[0] = ZoomHttp.json(exchange, 404, "{\"code\":404,\"message\":\"Not found\"}");
                }
            } finally {
                requests.add(new Request(path, exchange.getRequestHeaders().getFirst("Range"),
                        ZoomHttp.bearer(exchange) != null, status[0]));
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
