package academy.pipeline.testkit.bunny;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

import java.io.IOException;

/**
 * Closes the TCP connection without an answer when a servlet marked the request with {@link #CUT}, so a client
 * sees a real network cut (reset or end of stream), not an HTTP error.
 */
final class CutConnectionValve extends ValveBase {

    static final String CUT = CutConnectionValve.class.getName() + ".cut";

    CutConnectionValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        if (request.getAttribute(CUT) != null) {
            response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, null);
        }
    }
}
