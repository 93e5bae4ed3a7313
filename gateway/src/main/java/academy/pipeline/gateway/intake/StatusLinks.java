package academy.pipeline.gateway.intake;

import academy.pipeline.gateway.ports.OperatorConnector;
import academy.pipeline.gateway.ports.OperatorPortSettings;

/**
 * Builds the status URL returned to operator-port callers. The status API is served on the operator connector
 * only, so the link points there: {@code pipeline.gateway.operator-url} if set (the name operators reach that
 * port under, e.g. through a tunnel or a container's published port), else the connector's own address and port.
 * Answers on the public port carry no status link: it would name a port the caller cannot reach.
 */
public class StatusLinks {

    private final OperatorPortSettings settings;
    private final OperatorConnector connector;

    public StatusLinks(OperatorPortSettings settings, OperatorConnector connector) {
        this.settings = settings;
        this.connector = connector;
    }

    public String statusUrl(String recordingId) {
        String base = settings.operatorUrl() != null ? settings.operatorUrl() : connector.url();
        return base + "/recordings/" + recordingId;
    }
}
