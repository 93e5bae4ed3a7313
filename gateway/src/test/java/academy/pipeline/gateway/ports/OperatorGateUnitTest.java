package academy.pipeline.gateway.ports;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gate's header rules, case by case; the integration tests send the same over real sockets. */
class OperatorGateUnitTest {

    private final OperatorGate gate = new OperatorGate(
            new OperatorConnector(new OperatorPortSettings(9010, "127.0.0.1", List.of("Ops.Example"), null), 9009), "internal", "admin");

    @Test
    void theSameOriginPassesAndEveryOtherOriginOrPortIsRefused() {
        assertThat(gate.checkStateChange(post("localhost:9010", "http://localhost:9010"))).isNull();
        assertThat(gate.checkStateChange(post("127.0.0.1:9010", null))).isNull();
        assertThat(gate.checkStateChange(post("[::1]:9010", "http://[::1]:9010"))).isNull();
        assertThat(gate.checkStateChange(post("ops.example", "http://OPS.example:80"))).as("default port, any case").isNull();

        assertThat(refusal(post("localhost", "http://localhost:3000"))).as("Host without port is port 80").isEqualTo("cross_origin");
        assertThat(refusal(post("localhost:9010", "https://localhost:9010"))).isEqualTo("cross_origin");
        assertThat(refusal(post("localhost:9010", "http://evil.example"))).isEqualTo("cross_origin");
        assertThat(refusal(post("localhost:9010", "null"))).isEqualTo("cross_origin");
        assertThat(refusal(post("localhost:9010", "file:///etc/passwd"))).isEqualTo("cross_origin");
        assertThat(refusal(post("localhost.:9010", null))).as("trailing dot").isEqualTo("host_not_allowed");
        assertThat(refusal(post("127.0.0.1.nip.io:9010", null))).isEqualTo("host_not_allowed");
        assertThat(refusal(post(null, null))).isEqualTo("host_not_allowed");
    }

    @Test
    void onlyJsonPassesAsTheContentType() {
        MockHttpServletRequest request = post("localhost:9010", null);
        request.setContentType("application/json;charset=UTF-8");
        assertThat(gate.checkStateChange(request)).isNull();
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/jsonp", "application/json+evil", "not a type")) {
            request.setContentType(type);
            assertThat(refusal(request)).as(type).isEqualTo("unsupported_media_type");
        }
    }

    @Test
    void anOperatorPortBeyondLoopbackWithoutAnyTokenDoesNotStart() {
        OperatorConnector everywhere = new OperatorConnector(new OperatorPortSettings(0, "0.0.0.0", null, null), 0);
        assertThatThrownBy(() -> new OperatorGate(everywhere, null, " "))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PIPELINE_INTERNAL_TOKEN");
    }

    private String refusal(MockHttpServletRequest request) {
        OperatorGate.Refusal refusal = gate.checkStateChange(request);
        return refusal == null ? null : refusal.body().error();
    }

    private static MockHttpServletRequest post(String host, String origin) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/recordings/x/replay");
        request.removeHeader("Host");
        if (host != null) {
            request.addHeader("Host", host);
        }
        if (origin != null) {
            request.addHeader("Origin", origin);
        }
        request.setContentType("application/json");
        return request;
    }
}
