package academy.pipeline.stream.bunny;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.List;
import java.util.Map;

/**
 * An HTTP connection for tus-java-client that sends each PATCH body with a {@code Content-Length} instead of in
 * chunks. tus-java-client 0.5.1 calls {@code setChunkedStreamingMode(0)}, which makes the JDK frame the body in
 * 4 KiB chunks: a chunk header and a small socket write per 4 KiB, and the server de-chunks every one of them.
 * The length of each request body is known before it starts (the request size, or the rest of the file), so
 * this connection turns that call into {@code setFixedLengthStreamingMode(length)}: the client's 2 MB writes go to
 * the socket as they are. Everything else is passed through to the JDK's connection.
 */
final class SizedPatchConnection extends HttpURLConnection {

    private final HttpURLConnection delegate;
    private final long fileSize;
    private final long requestSize;

    private SizedPatchConnection(URL url, HttpURLConnection delegate, long fileSize, long requestSize) {
        super(url);
        this.delegate = delegate;
        this.fileSize = fileSize;
        this.requestSize = requestSize;
    }

    /**
     * {@code url} with a handler that opens {@link SizedPatchConnection}s; tus-java-client resolves upload URLs
     * against the creation URL, so they inherit it.
     */
    static URL wrap(URL url, long fileSize, long requestSize) throws IOException {
        URLStreamHandler handler = new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL target) throws IOException {
                HttpURLConnection plain = (HttpURLConnection) URI.create(target.toString()).toURL().openConnection();
                return new SizedPatchConnection(target, plain, fileSize, requestSize);
            }
        };
        return new URL(null, url.toString(), handler);
    }

    /** Called by tus-java-client for PATCH bodies only, after it set {@code Upload-Offset}. */
    @Override
    public void setChunkedStreamingMode(int chunkLength) {
        String offset = delegate.getRequestProperty("Upload-Offset");
        if (offset == null) {
            delegate.setChunkedStreamingMode(chunkLength);
            return;
        }
        delegate.setFixedLengthStreamingMode(Math.min(requestSize, fileSize - Long.parseLong(offset)));
    }

    @Override
    public void setFixedLengthStreamingMode(long contentLength) {
        delegate.setFixedLengthStreamingMode(contentLength);
    }

    @Override
    public void setFixedLengthStreamingMode(int contentLength) {
        delegate.setFixedLengthStreamingMode(contentLength);
    }

    @Override
    public void connect() throws IOException {
        delegate.connect();
    }

    @Override
    public void disconnect() {
        delegate.disconnect();
    }

    @Override
    public boolean usingProxy() {
        return delegate.usingProxy();
    }

    @Override
    public void setRequestMethod(String method) throws ProtocolException {
        delegate.setRequestMethod(method);
    }

    @Override
    public String getRequestMethod() {
        return delegate.getRequestMethod();
    }

    @Override
    public void setRequestProperty(String key, String value) {
        delegate.setRequestProperty(key, value);
    }

    @Override
    public void addRequestProperty(String key, String value) {
        delegate.addRequestProperty(key, value);
    }

    @Override
    public String getRequestProperty(String key) {
        return delegate.getRequestProperty(key);
    }

    @Override
    public Map<String, List<String>> getRequestProperties() {
        return delegate.getRequestProperties();
    }

    @Override
    public void setDoOutput(boolean doOutput) {
        delegate.setDoOutput(doOutput);
    }

    @Override
    public boolean getDoOutput() {
        return delegate.getDoOutput();
    }

    @Override
    public void setDoInput(boolean doInput) {
        delegate.setDoInput(doInput);
    }

    @Override
    public void setUseCaches(boolean useCaches) {
        delegate.setUseCaches(useCaches);
    }

    @Override
    public void setInstanceFollowRedirects(boolean followRedirects) {
        delegate.setInstanceFollowRedirects(followRedirects);
    }

    @Override
    public void setConnectTimeout(int timeout) {
        delegate.setConnectTimeout(timeout);
    }

    @Override
    public int getConnectTimeout() {
        return delegate.getConnectTimeout();
    }

    @Override
    public void setReadTimeout(int timeout) {
        delegate.setReadTimeout(timeout);
    }

    @Override
    public int getReadTimeout() {
        return delegate.getReadTimeout();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return delegate.getOutputStream();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return delegate.getInputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return delegate.getErrorStream();
    }

    @Override
    public int getResponseCode() throws IOException {
        return delegate.getResponseCode();
    }

    @Override
    public String getResponseMessage() throws IOException {
        return delegate.getResponseMessage();
    }

    @Override
    public String getHeaderField(String name) {
        return delegate.getHeaderField(name);
    }

    @Override
    public String getHeaderField(int n) {
        return delegate.getHeaderField(n);
    }

    @Override
    public String getHeaderFieldKey(int n) {
        return delegate.getHeaderFieldKey(n);
    }

    @Override
    public Map<String, List<String>> getHeaderFields() {
        return delegate.getHeaderFields();
    }

    @Override
    public long getHeaderFieldLong(String name, long fallback) {
        return delegate.getHeaderFieldLong(name, fallback);
    }

    @Override
    public int getHeaderFieldInt(String name, int fallback) {
        return delegate.getHeaderFieldInt(name, fallback);
    }

    @Override
    public long getContentLengthLong() {
        return delegate.getContentLengthLong();
    }

    @Override
    public String getContentType() {
        return delegate.getContentType();
    }
}
