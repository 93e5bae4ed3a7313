package academy.pipeline.testkit.zoom;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.security.Hmac;
import academy.pipeline.testkit.zoom.ZoomDownloadServer.RecordingFile;
import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Zoom's server-to-server OAuth and the cloud-recording API, as far as the pipeline uses them:
 * {@code POST /oauth/token} (account_credentials, Basic auth);
 * {@code GET /v2/meetings/{uuid}/recordings?include_fields=download_access_token}, which issues a fresh download
 * token; {@code DELETE /v2/meetings/{uuid}/recordings/{fileId}?action=trash}. Meeting uuids follow Zoom's
 * double-encoding rule.
 */
final class RecordingsApiEndpoint {

    private final Map<String, RecordingFile> files;
    private final Set<String> validTokens;
    private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> trashed = ConcurrentHashMap.newKeySet();
    private volatile Credentials credentials;

    private record Credentials(String accountId, String clientId, String clientSecret) {
    }

    /** @param validTokens the download tokens the download endpoint accepts; fresh ones are added to it */
    RecordingsApiEndpoint(Map<String, RecordingFile> files, Set<String> validTokens) {
        this.files = files;
        this.validTokens = validTokens;
    }

    void acceptCredentials(String accountId, String clientId, String clientSecret) {
        credentials = new Credentials(accountId, clientId, clientSecret);
    }

    Set<String> trashed() {
        return Set.copyOf(trashed);
    }

    int oauth(HttpExchange exchange, String body) throws IOException {
        Credentials expected = credentials;
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        Map<String, String> form = ZoomHttp.query(exchange.getRequestURI().getRawQuery());
        form.putAll(ZoomHttp.query(body));
        String basic = expected == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((expected.clientId() + ":" + expected.clientSecret()).getBytes(StandardCharsets.UTF_8));
        if (expected == null || !Hmac.matches(basic, auth)) {
            return ZoomHttp.json(exchange, 401, "{\"reason\":\"Invalid client_id or client_secret\",\"error\":\"invalid_client\"}");
        }
        if (!"account_credentials".equals(form.get("grant_type")) || !expected.accountId().equals(form.get("account_id"))) {
            return ZoomHttp.json(exchange, 400, "{\"reason\":\"Invalid request\",\"error\":\"invalid_request\"}");
        }
        String token = "access-" + UUID.randomUUID();
        accessTokens.add(token);
        return ZoomHttp.json(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":3600,"
                + "\"scope\":\"cloud_recording:read:list_recording_files:admin\"}");
    }

    int recordings(HttpExchange exchange, String rawUuid) throws IOException {
        if (!authorized(exchange)) {
            return ZoomHttp.invalidAccessToken(exchange);
        }
        String meetingUuid = decodeMeetingUuid(rawUuid);
        List<RecordingFile> meeting = meetingUuid == null ? List.of()
                : files.values().stream().filter(f -> f.meetingUuid().equals(meetingUuid)).toList();
        if (meeting.isEmpty()) {
            return ZoomHttp.recordingNotFound(exchange);
        }
        boolean withToken = String.valueOf(exchange.getRequestURI().getRawQuery()).contains("include_fields=download_access_token");
        ObjectNode root = EventCodec.mapper().createObjectNode();
        root.put("uuid", meetingUuid);
        if (withToken) {
            String downloadToken = "download-" + UUID.randomUUID();
            validTokens.add(downloadToken);
            root.put("download_access_token", downloadToken);
        }
        ArrayNode list = root.putArray("recording_files");
        for (RecordingFile f : meeting) {
            list.addObject().put("id", f.fileId()).put("meeting_id", meetingUuid).put("file_type", "MP4")
                    .put("file_size", Files.size(f.file())).put("status", "completed").put("download_url", f.apiDownloadUrl());
        }
        return ZoomHttp.json(exchange, 200, EventCodec.mapper().writeValueAsString(root));
    }

    /** {@code DELETE /v2/meetings/{uuid}/recordings/{fileId}?action=trash}: 204, or 404 once it is gone. */
    int trash(HttpExchange exchange, String rawUuid, String fileId) throws IOException {
        if (!authorized(exchange)) {
            return ZoomHttp.invalidAccessToken(exchange);
        }
        String meetingUuid = decodeMeetingUuid(rawUuid);
        RecordingFile file = files.get(fileId);
        if (meetingUuid == null || file == null || !file.meetingUuid().equals(meetingUuid) || trashed.contains(fileId)
                || !"trash".equals(ZoomHttp.query(exchange.getRequestURI().getRawQuery()).get("action"))) {
            return ZoomHttp.recordingNotFound(exchange);
        }
        trashed.add(fileId);
        exchange.sendResponseHeaders(204, -1);
        return 204;
    }

    private boolean authorized(HttpExchange exchange) {
        String token = ZoomHttp.bearer(exchange);
        return token != null && accessTokens.contains(token);
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
}
