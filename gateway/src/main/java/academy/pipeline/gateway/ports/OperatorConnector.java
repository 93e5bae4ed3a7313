package academy.pipeline.gateway.ports;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The gateway's second Tomcat connector, for operators: same servlet context as the public port, told apart by
 * the local port a request arrived on ({@link ConnectorRouting}). It gets its own small thread pool and timeouts,
 * since {@code server.tomcat.*} applies to the public connector only.
 */
public class OperatorConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private static final int MAX_THREADS = 16;
    private static final int CONNECTION_TIMEOUT_MILLIS = 20_000;

    private final OperatorPortSettings settings;
    private final InetAddress address;
    private final Connector connector;

    /** @param serverPort the public port as configured ({@code server.port}) */
    public OperatorConnector(OperatorPortSettings settings, int serverPort) {
        this.settings = settings;
        this.address = resolve(settings.operatorAddress());
        this.connector = new Connector(TomcatWebServerFactory.DEFAULT_PROTOCOL);
        connector.setPort(settings.operatorPortFor(serverPort));
        connector.setProperty("address", address.getHostAddress());
        connector.setProperty("maxThreads", Integer.toString(MAX_THREADS));
        connector.setProperty("connectionTimeout", Integer.toString(CONNECTION_TIMEOUT_MILLIS));
        connector.setThrowOnFailure(true);
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addAdditionalConnectors(connector);
    }

    /** The port it listens on once started (the configured one, or the free one picked for 0); -1 before. */
    public int port() {
        return connector.getLocalPort();
    }

    /** Whether only this machine can connect (bound to a loopback address). */
    public boolean loopbackOnly() {
        return address.isLoopbackAddress();
    }

    /** Whether a request arrived on this connector. */
    boolean received(int localPort) {
        return localPort == connector.getLocalPort();
    }

    /** Base URL for this machine's operator, e.g. {@code http://127.0.0.1:9010}. */
    public String url() {
        String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port();
    }

    /** The address as configured, for the allowed {@code Host} names when it names one interface. */
    InetAddress address() {
        return address;
    }

    OperatorPortSettings settings() {
        return settings;
    }

    private static InetAddress resolve(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("pipeline.gateway.operator-address " + address + " does not resolve", e);
        }
    }
}
