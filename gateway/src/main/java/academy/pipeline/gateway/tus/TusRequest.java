package academy.pipeline.gateway.tus;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request as tus-java-server sees it.
 * <ul>
 * <li>{@code Transfer-Encoding} is hidden: Tomcat has already de-chunked the body, and for a chunked body the
 * library computes MD5, SHA-1, SHA-256, SHA-384 and SHA-512 over every byte in case a trailer checksum arrives
 * (neither tus-js-client nor tus-java-client sends one), which made uploads about three times slower.</li>
 * <li>the body is bounded by {@link LimitedBody};</li>
 * <li>headers, method and URI can be overridden, to run the PATCH half of a creation-with-upload.</li>
 * </ul>
 */
class TusRequest extends HttpServletRequestWrapper {

    private static final String TRANSFER_ENCODING = "transfer-encoding";

    private final Map<String, String> overrides = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final long bodyLimit;
    private String method;
    private String uri;
    private ServletInputStream body;

    /** @param bodyLimit the most bytes the body may carry; negative: no body expected (empty stream) */
    TusRequest(HttpServletRequest request, long bodyLimit) {
        super(request);
        this.bodyLimit = bodyLimit;
    }

    /** The body-less creation half of a creation-with-upload. */
    static TusRequest creationWithoutBody(HttpServletRequest request) {
        TusRequest creation = new TusRequest(request, -1);
        creation.overrides.put("Content-Length", "0");
        return creation;
    }

    /** The PATCH half of a creation-with-upload, writing the POST's body at offset 0 of the new upload. */
    static TusRequest patchOf(HttpServletRequest request, String uploadUri, long bodyLimit) {
        TusRequest patch = new TusRequest(request, bodyLimit);
        patch.method = "PATCH";
        patch.uri = uploadUri;
        patch.overrides.put("Upload-Offset", "0");
        patch.overrides.put("X-HTTP-Method-Override", "PATCH");
        patch.overrides.put("Upload-Length", "");
        patch.overrides.put("Upload-Concat", "");
        return patch;
    }

    @Override
    public String getMethod() {
        return method != null ? method : super.getMethod();
    }

    @Override
    public String getRequestURI() {
        return uri != null ? uri : super.getRequestURI();
    }

    @Override
    public StringBuffer getRequestURL() {
        if (uri == null) {
            return super.getRequestURL();
        }
        StringBuffer url = new StringBuffer();
        url.append(getScheme()).append("://").append(getServerName()).append(':').append(getServerPort()).append(uri);
        return url;
    }

    @Override
    public String getHeader(String name) {
        if (TRANSFER_ENCODING.equalsIgnoreCase(name)) {
            return null;
        }
        if (overrides.containsKey(name)) {
            String value = overrides.get(name);
            return value.isEmpty() ? null : value;
        }
        return super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        String value = getHeader(name);
        if (TRANSFER_ENCODING.equalsIgnoreCase(name) || overrides.containsKey(name)) {
            return Collections.enumeration(value == null ? List.of() : List.of(value));
        }
        return super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = Collections.list(super.getHeaderNames());
        names.removeIf(name -> name.toLowerCase(Locale.ROOT).equals(TRANSFER_ENCODING));
        return Collections.enumeration(names);
    }

    @Override
    public long getContentLengthLong() {
        String value = getHeader("Content-Length");
        return value == null ? -1 : Long.parseLong(value);
    }

    @Override
    public int getContentLength() {
        long length = getContentLengthLong();
        return length > Integer.MAX_VALUE ? -1 : (int) length;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (body == null) {
            InputStream source = bodyLimit < 0 ? InputStream.nullInputStream()
                    : new LimitedBody(super.getInputStream(), bodyLimit);
            body = new Body(source);
        }
        return body;
    }

    /** Blocking servlet stream over the limited body. */
    private static final class Body extends ServletInputStream {

        private final InputStream in;
        private boolean finished;

        private Body(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            finished = b < 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            finished = n < 0;
            return n;
        }

        @Override
        public boolean isFinished() {
            return finished;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("blocking I/O only");
        }
    }
}
