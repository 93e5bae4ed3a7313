package academy.pipeline.standalone;

import academy.pipeline.testkit.FreePorts;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Starts and restarts a real standalone pipeline (embedded broker, data dir kept) for end-to-end tests. */
final class StandaloneHarness implements RunningPipeline, AutoCloseable {

    private final Path dataDir;
    private final int kafkaPort = FreePorts.next();
    private final int controllerPort = FreePorts.next();
    private final List<String> extraArgs;
    private int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Standalone standalone;

    StandaloneHarness(Path dataDir, String... extraArgs) {
        this.dataDir = dataDir;
        this.extraArgs = Arrays.asList(extraArgs);
    }

    /** A fixed HTTP port instead of a random one, so clients can knock before a (re)start has finished. */
    StandaloneHarness onPort(int port) {
        this.httpPort = port;
        return this;
    }

    StandaloneHarness start() throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--pipeline.data-dir=" + dataDir,
                "--server.port=" + httpPort,
                "--pipeline.standalone.kafka-port=" + kafkaPort,
                "--pipeline.standalone.controller-port=" + controllerPort));
        args.addAll(extraArgs);
        standalone = Standalone.start(args.toArray(String[]::new));
        return this;
    }

    void stop() {
        if (standalone != null) {
            standalone.close();
            standalone = null;
        }
    }

    Standalone standalone() {
        return standalone;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public HttpResponse<String> postJson(String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + standalone.port() + path))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + standalone.port() + path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A POST without body, as the operator page sends replay and discard. */
    HttpResponse<String> post(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The gateway's URL for {@code path}, on 127.0.0.1. */
    String url(String path) {
        return "http://127.0.0.1:" + standalone.port() + path;
    }

    @Override
    public void close() {
        stop();
    }
}
