package academy.pipeline.testkit.bunny;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

/**
 * A tus request as handed to tus-java-server. Hides {@code Transfer-Encoding}: the container has already
 * de-chunked the body, and when the library sees {@code chunked} it decodes again and digests every byte
 * with each checksum algorithm it knows (for a trailer checksum), which made it the bottleneck.
 */
final class BunnyTusRequest extends HttpServletRequestWrapper {

    private static final String TRANSFER_ENCODING = "Transfer-Encoding";

    private final ServletInputStream body;

    BunnyTusRequest(HttpServletRequest request, ServletInputStream body) {
        super(request);
        this.body = body;
    }

    @Override
    public String getHeader(String name) {
        return TRANSFER_ENCODING.equalsIgnoreCase(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return TRANSFER_ENCODING.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                .filter(name -> !TRANSFER_ENCODING.equalsIgnoreCase(name)).toList());
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        return body != null ? body : super.getInputStream();
    }
}
