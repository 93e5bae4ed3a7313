package academy.pipeline.notify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A stage run on its own serves the actuator over HTTP (reactive Netty server): readiness that follows Kafka,
 * and the stage's Prometheus metrics, on loopback only unless configured. The deployment's health checks (run
 * inside the container) rely on exactly this.
 */
class NotifyStageActuatorTest {

    @TempDir
    Path dataDir;

    @Test
    void standaloneStageServesHealthReadinessAndPrometheusOverHttp() throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        // one broker: the transaction log of the stages' hand-overs must fit on it
        broker.brokerProperties(java.util.Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        try (ConfigurableApplicationContext app = NotifyStageApplication.application().run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--pipeline.data-dir=" + dataDir)) {
            assertThat(app).isInstanceOf(ReactiveWebServerApplicationContext.class);
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> readiness = get(http, port, "/actuator/health/readiness");
                assertThat(readiness.statusCode()).isEqualTo(200);
                assertThat(readiness.body()).contains("\"kafka\"").contains("\"status\":\"UP\"");
            });
            assertThat(get(http, port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    get(http, port, "/actuator/prometheus").body()).contains("pipeline_stage_waiting{stage=\"notify\"} 0.0"));
            assertThat(get(http, port, "/actuator/env").statusCode()).isEqualTo(404);
            InetAddress external = ownNonLoopbackAddress();
            try (Socket socket = new Socket()) {
                assertThatThrownBy(() -> socket.connect(new InetSocketAddress(external, port), 2_000))
                        .as("the actuator is not reachable over %s", external).isInstanceOf(ConnectException.class);
            }
        } finally {
            broker.destroy();
        }
    }

    private static InetAddress ownNonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("this test needs a non-loopback IPv4 interface"));
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
