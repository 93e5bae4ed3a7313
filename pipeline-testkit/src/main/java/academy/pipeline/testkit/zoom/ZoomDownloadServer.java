package academy.pipeline.testkit.zoom;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.security.Hmac;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * redirects to another host name, a bandwidth cap.
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

    private static final int BUFFER = 256 * 1024;
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String signingKey = UUID.randomUUID().toString();
    private final Map<String, RecordingFile> files = new ConcurrentHashMap<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<String> trashed = ConcurrentHashMap.newKeySet();
    private volatile String[] credentials;

    private ZoomDownloadServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
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
        credentials = new String[]{accountId, clientId, clientSecret};
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
        return Set.copyOf(trashed);
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
                    status[0] = download(exchange, path.substring(path.lastIndexOf('/') + 1));
                } else if (method.equals("GET") && path.startsWith("/storage/")) {
                    storage(exchange, path, status);
                } else if (method.equals("POST") && path.equals("/oauth/token")) {
                    status[0] = oauth(exchange, body);
                } else if (method.equals("GET") && path.startsWith("/v2/meetings/") && path.endsWith("/recordings")) {
                    status[0] = recordings(exchange, path.substring("/v2/meetings/".length(), path.length() - "/recordings".length()));
                } else if (method.equals("DELETE") && path.startsWith("/v2/meetings/") && path.contains("/recordings/")) {
                    int split = path.lastIndexOf("/recordings/");
                    status[0] = trash(exchange, path.substring("/v2/meetings/".length(), split),
                            URLDecoder.decode(path.substring(split + "/recordings/".length()), StandardCharsets.UTF_8));
                } else {
                    status[0] = json(exchange, 404, "{\"code\":404,\"message\":\"Not found\"}");
                }
            } finally {
                requests.add(new Request(path, exchange.getRequestHeaders().getFirst("Range"),
                        bearer(exchange) != null, status[0]));
            }
        }
    }

    private int download(HttpExchange exchange, String fileId) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String token = bearer(exchange);
        if ((query != null && query.contains("access_token=")) || token == null || !validTokens.contains(token)) {
            return json(exchange, 401, "{\"code\":124,\"message\":\"Invalid access token.\"}");
        }
        RecordingFile recording = files.get(fileId);
        if (recording == null) {
            return json(exchange, 404, "{\"code\":3301,\"message\":\"This recording does not exist.\"}");
        }
        if (recording.html || token.equals(recording.htmlToken)) {
            byte[] page = "<!DOCTYPE html><html><head><title>Zoom</title></head><body>Sign in to download</body></html>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html;charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            return 200;
        }
        long expires = System.currentTimeMillis() / 1000 + 3600;
        String policy = Base64.getUrlEncoder().withoutPadding()
                .encodeToString((fileId + ":" + expires).getBytes(StandardCharsets.UTF_8));
        String location = "http://" + recording.redirectHost + ":" + port() + "/storage/" + fileId + "/"
                + recording.file.getFileName() + "?Policy=" + policy + "&Signature="
                + Hmac.sha256Hex(signingKey, fileId + ":" + expires) + "&Key-Pair-Id=K2TEST";
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        return 302;
    }

    /** Serves the file; {@code status[0]} is set as soon as the status line is sent, before the body streams. */
    private void storage(HttpExchange exchange, String path, int[] status) throws IOException {
        String[] parts = path.split("/");
        RecordingFile recording = parts.length >= 3 ? files.get(parts[2]) : null;
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String policy = query.get("Policy");
        String[] signed = policy == null ? new String[0]
                : new String(Base64.getUrlDecoder().decode(policy), StandardCharsets.UTF_8).split(":");
        if (recording == null || signed.length != 2 || !signed[0].equals(recording.fileId)
                || Long.parseLong(signed[1]) < System.currentTimeMillis() / 1000
                || !Hmac.matches(Hmac.sha256Hex(signingKey, signed[0] + ":" + signed[1]), query.get("Signature"))) {
            status[0] = json(exchange, 403, "{\"message\":\"Access denied\"}");
            return;
        }
        long size = Files.size(recording.file);
        long start = 0;
        long end = size - 1;
        boolean partial = false;
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range != null && !recording.ignoreRange) {
            Matcher m = RANGE.matcher(range.trim());
            if (m.matches()) {
                start = Long.parseLong(m.group(1));
                end = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
                if (start >= size || start > end) {
                    exchange.getResponseHeaders().set("Content-Range", "bytes */" + size);
                    exchange.sendResponseHeaders(416, -1);
                    status[0] = 416;
                    return;
                }
                partial = true;
            }
        }
        exchange.getResponseHeaders().set("Content-Type", "video/mp4");
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + recording.file.getFileName() + "\"");
        if (partial) {
            exchange.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + end + "/" + size);
        }
        status[0] = partial ? 206 : 200;
        exchange.sendResponseHeaders(status[0], end - start + 1);
        long cutAt = recording.cutAt >= 0 && recording.cutsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                ? recording.cutAt : -1;
        stream(recording, start, end + 1, cutAt, exchange.getResponseBody());
    }

    /** Streams [from, to) of the file; stops early (the connection is then closed mid-body) at {@code cutAt}. */
    private static void stream(RecordingFile recording, long from, long to, long cutAt, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        long startedAt = System.nanoTime();
        long sent = 0;
        try (FileChannel channel = FileChannel.open(recording.file, StandardOpenOption.READ)) {
            long position = from;
            while (position < to) {
                long limit = cutAt > position ? Math.min(to, cutAt) : to;
                if (cutAt >= 0 && position >= cutAt) {
                    out.flush();
                    throw new IOException("connection cut at byte " + position + " (fault injected)");
                }
                wrapped.clear().limit((int) Math.min(BUFFER, limit - position));
                int n = channel.read(wrapped, position);
                if (n <= 0) {
                    break;
                }
                out.write(buffer, 0, n);
                position += n;
                sent += n;
                throttle(recording.bytesPerSecond, sent, startedAt);
            }
        }
    }

    private static void throttle(long bytesPerSecond, long sent, long startedAt) {
        if (bytesPerSecond <= 0) {
            return;
        }
        long dueNanos = sent * 1_000_000_000L / bytesPerSecond;
        long sleepMillis = (dueNanos - (System.nanoTime() - startedAt)) / 1_000_000;
        if (sleepMillis > 0) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private int oauth(HttpExchange exchange, String body) throws IOException {
        String[] expected = credentials;
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        Map<String, String> form = query(exchange.getRequestURI().getRawQuery());
        form.putAll(query(body));
        String basic = expected == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((expected[1] + ":" + expected[2]).getBytes(StandardCharsets.UTF_8));
        if (expected == null || !Hmac.matches(basic, auth)) {
            return json(exchange, 401, "{\"reason\":\"Invalid client_id or client_secret\",\"error\":\"invalid_client\"}");
        }
        if (!"account_credentials".equals(form.get("grant_type")) || !expected[0].equals(form.get("account_id"))) {
            return json(exchange, 400, "{\"reason\":\"Invalid request\",\"error\":\"invalid_request\"}");
        }
        String token = "access-" + UUID.randomUUID();
        accessTokens.add(token);
        return json(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":3600,"
                + "\"scope\":\"cloud_recording:read:list_recording_files:admin\"}");
    }

    private int recordings(HttpExchange exchange, String rawUuid) throws IOException {
        String token = bearer(exchange);
        if (token == null || !accessTokens.contains(token)) {
            return json(exchange, 401, "{\"code\":124,\"message\":\"Invalid access token.\"}");
        }
        String meetingUuid = decodeMeetingUuid(rawUuid);
        if (meetingUuid == null) {
            return json(exchange, 404, "{\"code\":3301,\"message\":\"This recording does not exist.\"}");
        }
        List<RecordingFile> meeting = files.values().stream().filter(f -> f.meetingUuid.equals(meetingUuid)).toList();
        if (meeting.isEmpty()) {
            return json(exchange, 404, "{\"code\":3301,\"message\":\"This recording does not exist.\"}");
        }
        String downloadToken = "download-" + UUID.randomUUID();
        boolean withToken = String.valueOf(exchange.getRequestURI().getRawQuery()).contains("include_fields=download_access_token");
        if (withToken) {
            validTokens.add(downloadToken);
        }
        ObjectNode root = EventCodec.mapper().createObjectNode();
        root.put("uuid", meetingUuid);
        if (withToken) {
            root.put("download_access_token", downloadToken);
        }
        ArrayNode list = root.putArray("recording_files");
        for (RecordingFile f : meeting) {
            list.addObject().put("id", f.fileId).put("meeting_id", meetingUuid).put("file_type", "MP4")
                    .put("file_size", Files.size(f.file)).put("status", "completed").put("download_url", f.apiDownloadUrl());
        }
        return json(exchange, 200, EventCodec.mapper().writeValueAsString(root));
    }

    /** {@code DELETE /v2/meetings/{uuid}/recordings/{fileId}?action=trash}: 204, or 404 once it is gone. */
    private int trash(HttpExchange exchange, String rawUuid, String fileId) throws IOException {
        String token = bearer(exchange);
        if (token == null || !accessTokens.contains(token)) {
            return json(exchange, 401, "{\"code\":124,\"message\":\"Invalid access token.\"}");
        }
        String meetingUuid = decodeMeetingUuid(rawUuid);
        RecordingFile file = files.get(fileId);
        if (meetingUuid == null || file == null || !file.meetingUuid.equals(meetingUuid) || trashed.contains(fileId)
                || !"trash".equals(query(exchange.getRequestURI().getRawQuery()).get("action"))) {
            return json(exchange, 404, "{\"code\":3301,\"message\":\"This recording does not exist.\"}");
        }
        trashed.add(fileId);
        exchange.sendResponseHeaders(204, -1);
        return 204;
    }

    /**
     * Decodes a meeting uuid path segment as Zoom's router does (once); a uuid starting with {@code /} or
     * containing {@code //} must have been encoded twice, else it is not found (null).
     */
    private static String decodeMeetingUuid(String raw) {
        String uuid = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        if (uuid.startsWith("/") || uuid.contains("//")) {
            return null;
        }
        return uuid.contains("%") ? URLDecoder.decode(uuid, StandardCharsets.UTF_8) : uuid;
    }

    private static String bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : null;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new ConcurrentHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                values.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static int json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        return status;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
