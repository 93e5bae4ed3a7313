package academy.pipeline.stream.bunny;

import academy.pipeline.core.event.ArchivedFile;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.b2.B2Double;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/** Archives a file into the B2 double over its HTTP API (b2_upload_file), as the archive stage would. */
final class B2Files {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private B2Files() {
    }

    static ArchivedFile archive(B2Double b2, String bucket, String bucketId, String fileName, Path file)
            throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((b2.keyId() + ":" + b2.applicationKey())
                .getBytes(StandardCharsets.UTF_8));
        JsonNode account = call(b2.masterUrl() + "b2api/v2/b2_authorize_account", "Basic " + basic, "{}");
        JsonNode upload = call(account.path("apiUrl").asString() + "/b2api/v2/b2_get_upload_url",
                account.path("authorizationToken").asString(), "{\"bucketId\":\"" + bucketId + "\"}");
        String sha1 = TestFiles.sha1(file);
        HttpResponse<String> stored = HTTP.send(HttpRequest.newBuilder(URI.create(upload.path("uploadUrl").asString()))
                .header("Authorization", upload.path("authorizationToken").asString())
                .header("X-Bz-File-Name", URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("%2F", "/"))
                .header("Content-Type", "video/mp4")
                .header("X-Bz-Content-Sha1", sha1)
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (stored.statusCode() != 200) {
            throw new IOException("upload to the B2 double: " + stored.statusCode() + " " + stored.body());
        }
        String fileId = JSON.readTree(stored.body()).path("fileId").asString();
        return new ArchivedFile("b2", bucket, fileName, fileId,
                account.path("downloadUrl").asString() + "/file/" + bucket + "/" + fileName, sha1);
    }

    private static JsonNode call(String url, String authorization, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
