package academy.pipeline.gateway.ports;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.gateway.status.Phase;
import academy.pipeline.gateway.status.RecordingStatusView;
import academy.pipeline.gateway.status.StatusCatchUp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two connectors with the operator port on loopback (the default): the public port serves only the intake
 * and a bare liveness answer, the operator port everything else to this machine; loopback trust never applies
 * on the public port (a reverse proxy on the same host), and state-changing operator requests refuse cross-site
 * forms and foreign host names (CSRF, DNS rebinding). Real Tomcat, real sockets. The operator port is left
 * unset: with {@code server.port=0} it is a free one too, so test contexts never compete for 9010.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "pipeline.gateway.internal-token=internal-secret",
        "pipeline.gateway.admin-token=admin-secret"})
@EmbeddedKafka(partitions = 1)
class OperatorPortIntegrationTest {

    @Autowired
    StatusCatchUp catchUp;

    /** Intake answers 503 "starting" until the status view has caught up; these tests are about who may call. */
    @BeforeEach
    void intakeOpen() {
        await().atMost(Duration.ofSeconds(30)).until(catchUp::caughtUp);
    }

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("pipeline.data-dir", dataDir::toString);
    }

    @LocalServerPort
    int publicPort;

    @Autowired
    OperatorConnector operator;

    @Autowired
    RecordingStatusView view;

    @Autowired
    EmbeddedKafkaBroker broker;

    RawHttp publicPort() {
        return new RawHttp(LOOPBACK, publicPort);
    }

    RawHttp operatorPort() {
        return new RawHttp(LOOPBACK, operator.port());
    }

    @Test
    void operatorPathsOnThePublicPortAnswerAsAnUnknownPathAndLeakNothing() throws Exception {
        Recordings.deadLetteredAtNotify(view, "leak-1");
        RawHttp.Response unknown = publicPort().get("/no-such-path");
        assertThat(unknown.status()).isEqualTo(404);

        for (String path : List.of("/recordings", "/recordings/leak-1", "/recordings?state=failed", "/actuator",
                "/actuator/prometheus", "/actuator/health", "/actuator/health/readiness", "/actuator/info", "/",
                "/index.html", "/operator.js", "/operator.css", "/error", "/zoom-upload/../recordings",
                "/tusupload/../recordings", "/manual-upload;x=1/../actuator/prometheus", "/%72ecordings")) {
            RawHttp.Response response = publicPort().get(path);
            assertThat(response.status()).as("GET %s on the public port", path).isEqualTo(404);
            assertThat(response.body()).as("GET %s on the public port", path).isEqualTo(unknown.body())
                    .doesNotContain("leak-1").doesNotContain("Lecture");
        }
        for (String path : List.of("/custom-upload", "/recordings/leak-1/replay", "/recordings/leak-1/discard")) {
            RawHttp.Response response = publicPort().send("POST", path, "{\"path\":\"/etc/hostname\"}",
                    "Content-Type", JSON, "Authorization", "Bearer internal-secret");
            assertThat(response.status()).as("POST %s on the public port", path).isEqualTo(404);
        }
        assertThat(view.find("leak-1").orElseThrow().phase()).isEqualTo(Phase.FAILED);
    }

    @Test
    void theOperatorPortServesStatusPageAndActuatorToThisMachineButNotTheIntake() throws Exception {
        Recordings.deadLetteredAtNotify(view, "local-1");
        assertThat(operatorPort().get("/recordings").body()).contains("local-1");
        assertThat(operatorPort().get("/recordings/local-1").status()).isEqualTo(200);
        assertThat(operatorPort().get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(operatorPort().get("/actuator/health").status()).isEqualTo(200);
        RawHttp.Response page = operatorPort().get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("operator.js");

        for (String path : List.of("/zoom-upload", "/manual-upload", "/tusupload")) {
            assertThat(operatorPort().send("POST", path, "{}", "Content-Type", JSON).status())
                    .as("POST %s on the operator port", path).isEqualTo(404);
        }
    }

    @Test
    void bothPortsAnswerTheBareLivenessCheckAndNothingMore() throws Exception {
        for (RawHttp port : List.of(publicPort(), operatorPort())) {
            RawHttp.Response health = port.get("/healthz");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
        }
    }

    /** Issue 19, item 1: nginx on the same host forwards every caller from 127.0.0.1 to the public port. */
    @Test
    void aCallerFrom127001OnThePublicPortGetsNoLoopbackTrust() throws Exception {
        String body = "{\"ace_id\":\"proxy-1\",\"path\":\"" + dataDir.resolve("tus/nothing-here") + "\"}";
        RawHttp.Response bare = publicPort().send("POST", "/manual-upload", body, "Content-Type", JSON);
        assertThat(bare.status()).isEqualTo(403);
        assertThat(bare.body()).contains("\"error\":\"forbidden\"");
        assertThat(publicPort().send("POST", "/manual-upload", body, "Content-Type", JSON,
                "X-Forwarded-For", "127.0.0.1", "Forwarded", "for=127.0.0.1").status()).isEqualTo(403);
        assertThat(publicPort().send("POST", "/manual-upload", body, "Content-Type", JSON,
                "Authorization", "Bearer admin-secret").status()).as("the operator token is not the intake's").isEqualTo(403);
        RawHttp.Response withToken = publicPort().send("POST", "/manual-upload", body, "Content-Type", JSON,
                "Authorization", "Bearer internal-secret");
        assertThat(withToken.status()).as("with the internal token the request is looked at").isNotIn(401, 403);
        assertThat(withToken.body()).as("refused for its path, not by the routing").doesNotContain("no such resource");

        assertThat(publicPort().send("POST", "/custom-upload", "{\"path\":\"/etc/hostname\"}", "Content-Type", JSON)
                .status()).isEqualTo(404);
    }

    @Test
    void crossSiteFormPostsAndForeignHostNamesCannotReplayOrDiscard() throws Exception {
        String replayed = Recordings.deadLetteredAtNotify(view, "csrf-1");
        String discarded = Recordings.deadLetteredAtNotify(view, "csrf-2");
        String self = "http://127.0.0.1:" + operator.port();

        for (String path : List.of("/recordings/" + replayed + "/replay", "/recordings/" + discarded + "/discard")) {
            RawHttp.Response form = operatorPort().send("POST", path, "", "Origin", "http://evil.example", "Content-Type", FORM);
            assertThat(form.status()).as("form post from evil.example to %s", path).isEqualTo(403);
            assertThat(form.body()).contains("cross_origin");
            assertThat(operatorPort().send("POST", path, "", "Origin", "http://evil.example", "Content-Type", JSON).status())
                    .as("JSON from evil.example to %s", path).isEqualTo(403);
            assertThat(operatorPort().send("POST", path, "", "Origin", "http://localhost:1", "Content-Type", JSON).status())
                    .as("another local origin").isEqualTo(403);
            assertThat(operatorPort().send("POST", path, "", "Origin", "null", "Content-Type", JSON).status())
                    .as("an opaque origin").isEqualTo(403);
            assertThat(operatorPort().send("POST", path, "", "Content-Type", FORM).status()).as("a form without Origin")
                    .isEqualTo(415);
            assertThat(operatorPort().send("POST", path, "").status()).as("no content type").isEqualTo(415);
            RawHttp.Response rebound = operatorPort().send("POST", path, "", "Host", "rebind.evil.example:" + operator.port(),
                    "Content-Type", JSON);
            assertThat(rebound.status()).as("DNS rebinding: a foreign name for 127.0.0.1").isEqualTo(403);
            assertThat(rebound.body()).contains("host_not_allowed");
        }
        assertThat(view.find(replayed).orElseThrow().phase()).isEqualTo(Phase.FAILED);
        assertThat(view.find(discarded).orElseThrow().phase()).isEqualTo(Phase.FAILED);

        assertThat(operatorPort().send("POST", "/recordings/" + replayed + "/replay", "", "Origin", self,
                "Content-Type", JSON).status()).isEqualTo(202);
        assertThat(operatorPort().send("POST", "/recordings/" + discarded + "/discard", "",
                "Host", "localhost:" + operator.port(), "Content-Type", "application/json; charset=utf-8").status())
                .isEqualTo(200);
        assertThat(view.find(discarded).orElseThrow().phase()).isEqualTo(Phase.DISCARDED);
        assertThat(Recordings.inNotifyInbox(broker, replayed)).as("only the same-origin replay published").hasSize(1);
    }

    /** The status API is on the operator port: links point there, and public-port answers carry none. */
    @Test
    void statusLinksPointAtTheOperatorPortAndThePublicPortGivesNone() throws Exception {
        Path custom = Files.writeString(Files.createDirectories(dataDir.resolve("incoming")).resolve("links.mp4"), "video");
        RawHttp.Response accepted = operatorPort().send("POST", "/custom-upload", "{\"path\":\"" + custom + "\"}",
                "Content-Type", JSON);
        assertThat(accepted.status()).isEqualTo(202);
        JsonNode body = EventCodec.mapper().readTree(accepted.body());
        String recordingId = body.get("recordingId").asString();
        String statusUrl = body.get("statusUrl").asString();
        assertThat(statusUrl).isEqualTo("http://127.0.0.1:" + operator.port() + "/recordings/" + recordingId);
        String statusPath = URI.create(statusUrl).getPath();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(operatorPort().get(statusPath).status()).as("the link answers").isEqualTo(200));
        assertThat(publicPort().get(statusPath).status()).isEqualTo(404);

        Path tusFile = Files.writeString(Files.createDirectories(dataDir.resolve("tus/external")).resolve("links.mp4"), "video");
        RawHttp.Response manual = publicPort().send("POST", "/manual-upload",
                "{\"ace_id\":\"links-1\",\"path\":\"" + tusFile + "\"}", "Content-Type", JSON,
                "Authorization", "Bearer internal-secret");
        assertThat(manual.status()).isEqualTo(202);
        JsonNode manualBody = EventCodec.mapper().readTree(manual.body());
        assertThat(manualBody.get("recordingId").asString()).isNotBlank();
        assertThat(manualBody.has("statusUrl")).as("no operator URL on the public port").isFalse();
        assertThat(manual.body()).doesNotContain(":" + operator.port());
    }
}
