package academy.pipeline.standalone;

import academy.pipeline.testkit.FreePorts;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starts and restarts a real standalone pipeline (embedded broker, data dir kept) for end-to-end tests. Both of
 * the gateway's ports are free ones; the operator port stays on loopback. The internal token is
 * {@value #INTERNAL_TOKEN} unless the test passes {@code --pipeline.gateway.internal-token=...}.
 */
final class StandaloneHarness implements RunningPipeline, AutoCloseable {

    static final String INTERNAL_TOKEN = "harness-internal-token";
    private static final String TOKEN_ARG = "--pipeline.gateway.internal-token=";

    private final Path dataDir;
    private final int kafkaPort = FreePorts.next();
    private final int controllerPort = FreePorts.next();
    private final List<String> extraArgs;
    private final String internalToken;
    private int httpPort;
    private Standalone standalone;

    StandaloneHarness(Path dataDir, String... extraArgs) {
        this.dataDir = dataDir;
        this.extraArgs = Arrays.asList(extraArgs);
        this.internalToken = this.extraArgs.stream().filter(a -> a.startsWith(TOKEN_ARG))
                .map(a -> a.substring(TOKEN_ARG.length())).findFirst().orElse(null);
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
                "--pipeline.gateway.operator-port=0",
                "--pipeline.standalone.kafka-port=" + kafkaPort,
                "--pipeline.standalone.controller-port=" + controllerPort));
        if (internalToken == null) {
            args.add(TOKEN_ARG + INTERNAL_TOKEN);
        }
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
    public String operatorUrl() {
        return standalone.operatorUrl();
    }

    /** The internal token the gateway runs with (what an external tus server sends to {@code /manual-upload}). */
    String internalToken() {
        return internalToken != null ? internalToken : INTERNAL_TOKEN;
    }

    /** A JSON POST to the public port with the internal token, as an external tus server reports an upload. */
    HttpResponse<String> postIntakeJson(String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + standalone.port() + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + internalToken())
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A POST without body to the operator port, as the operator page sends replay and discard. */
    HttpResponse<String> post(String path) throws Exception {
        HttpRequest request = operator(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The operator port's URL for {@code path} (the operator page). */
    String url(String path) {
        return operatorUrl() + path;
    }

    @Override
    public void close() {
        stop();
    }
}
