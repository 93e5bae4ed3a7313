package academy.pipeline.gateway.ports;

import academy.pipeline.core.event.EventCodec;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Transition;
import academy.pipeline.gateway.status.Phase;
import academy.pipeline.gateway.status.RecordingStatusView;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import academy.pipeline.gateway.status.StatusCatchUp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator port bound to every interface, called over this machine's own non-loopback address, i.e. as
 * another host would: every operator request needs a token (the internal or the admin one), a loopback caller
 * included; a forwarding header claiming 127.0.0.1 is not believed, even on a detected cloud platform (where
 * Boot would otherwise install Tomcat's RemoteIpValve).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "pipeline.gateway.operator-port=0",
        "pipeline.gateway.operator-address=0.0.0.0",
        "pipeline.gateway.internal-token=internal-secret",
        "pipeline.gateway.admin-token=admin-secret",
        "spring.main.cloud-platform=kubernetes",
        "server.tomcat.remoteip.internal-proxies=.*"})
@EmbeddedKafka(partitions = 1)
class OperatorPortFromAnotherHostIntegrationTest {

    @Autowired
    StatusCatchUp catchUp;

    /** Intake answers 503 "starting" until the status view has caught up; these tests are about who may call. */
    @BeforeEach
    void intakeOpen() {
        await().atMost(Duration.ofSeconds(30)).until(catchUp::caughtUp);
    }

    private static final InetAddress EXTERNAL = ownNonLoopbackAddress();
    private static final String JSON = "application/json";

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("pipeline.data-dir", dataDir::toString);
        registry.add("pipeline.gateway.operator-hosts", () -> "pipeline.internal," + EXTERNAL.getHostAddress());
    }

    @LocalServerPort
    int publicPort;

    @Autowired
    OperatorConnector operator;

    @Autowired
    RecordingStatusView view;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    WebServerApplicationContext context;

    RawHttp operatorPort() {
        return new RawHttp(EXTERNAL, operator.port());
    }

    @Test
    void everyOperatorRequestNeedsTheTokenFromAnotherHost() throws Exception {
        Recordings.deadLetteredAtNotify(view, "remote-0");
        for (String path : List.of("/recordings", "/recordings/remote-0", "/actuator/prometheus", "/actuator/health")) {
            RawHttp.Response refused = operatorPort().get(path);
            assertThat(refused.status()).as("GET %s without a token", path).isEqualTo(401);
            assertThat(refused.headers().get("www-authenticate")).startsWith("Bearer");
            assertThat(refused.body()).contains("\"error\":\"unauthorized\"").doesNotContain("remote-0");
            assertThat(operatorPort().get(path, "Authorization", "Bearer wrong").status()).isEqualTo(401);
            assertThat(operatorPort().get(path, "Authorization", "Bearer internal-secret").status()).isEqualTo(200);
            assertThat(operatorPort().get(path, "Authorization", "Bearer admin-secret").status()).isEqualTo(200);
        }
        assertThat(new RawHttp(InetAddress.getLoopbackAddress(), operator.port()).get("/recordings").status())
                .as("bound beyond loopback, a loopback caller needs the token too").isEqualTo(401);
        assertThat(operatorPort().get("/").status()).as("the page's static shell, which holds no data").isEqualTo(200);
        assertThat(operatorPort().get("/operator.js").status()).isEqualTo(200);
    }

    @Test
    void aForwardedHeaderClaimingLoopbackIsNotBelieved() throws Exception {
        String id = Recordings.deadLetteredAtNotify(view, "remote-1");
        for (String header : List.of("X-Forwarded-For", "X-Real-IP", "Forwarded")) {
            String value = header.equals("Forwarded") ? "for=127.0.0.1" : "127.0.0.1";
            assertThat(operatorPort().send("POST", "/recordings/" + id + "/replay", "", header, value,
                    "Content-Type", JSON).status()).as("replay with %s", header).isEqualTo(401);
            assertThat(new RawHttp(EXTERNAL, publicPort).send("POST", "/manual-upload", "{\"ace_id\":\"1\",\"path\":\"x\"}",
                    header, value, "Content-Type", JSON).status()).as("manual-upload with %s", header).isEqualTo(403);
        }
        assertThat(view.find(id).orElseThrow().phase()).isEqualTo(Phase.FAILED);
        Valve[] valves = ((TomcatWebServer) context.getWebServer()).getTomcat().getEngine().getPipeline().getValves();
        assertThat(Arrays.stream(valves).filter(RemoteIpValve.class::isInstance))
                .as("forwarding headers are off unless server.forward-headers-strategy says otherwise").isEmpty();
    }

    @Test
    void replayWithTheTokenFromAnotherHostRepublishesTheLastNotifyEvent() throws Exception {
        String id = Recordings.deadLetteredAtNotify(view, "remote-2");
        String path = "/recordings/" + id + "/replay";
        assertThat(operatorPort().send("POST", path, "", "Authorization", "Bearer admin-secret", "Content-Type", JSON,
                "Host", "attacker.example:" + operator.port()).status()).as("a name not configured").isEqualTo(403);
        assertThat(operatorPort().send("POST", path, "", "Authorization", "Bearer admin-secret",
                "Content-Type", "text/plain").status()).isEqualTo(415);
        assertThat(view.find(id).orElseThrow().phase()).isEqualTo(Phase.FAILED);

        RawHttp.Response replay = operatorPort().send("POST", path, "", "Authorization", "Bearer admin-secret",
                "Content-Type", JSON, "Host", "pipeline.internal:" + operator.port());
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.body()).contains("\"stage\":\"notify\"").contains("\"topic\":\"recordings.notify\"");

        List<ConsumerRecord<String, String>> published = Recordings.inNotifyInbox(broker, id);
        assertThat(published).hasSize(1);
        RecordingEvent replayed = EventCodec.decodeRecording(published.get(0).value());
        assertThat(replayed.title()).isEqualTo("Lecture " + id);
        assertThat(view.find(id).orElseThrow().state()).isEqualTo(Transition.REPLAYED);
    }

    private static InetAddress ownNonLoopbackAddress() {
        try {
            return NetworkInterface.networkInterfaces()
                    .filter(OperatorPortFromAnotherHostIntegrationTest::up)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("this test needs a non-loopback IPv4 interface"));
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean up(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
