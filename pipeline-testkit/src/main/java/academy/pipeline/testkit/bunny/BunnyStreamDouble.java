package academy.pipeline.testkit.bunny;

import me.desair.tus.server.TusFileUploadService;
import me.desair.tus.server.exception.TusException;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for Bunny Stream over real HTTP on 127.0.0.1: the Stream API (create, get, delete video with
 * Bunny's JSON shapes and status codes, {@code AccessKey} auth; fetch, which really pulls the URL) and the tus
 * endpoint (tus-java-server in an embedded Tomcat, Bunny's signature check, bytes stored on disk, status moved
 * Uploaded → Processing → Finished after the last byte). Faults: {@link #faults()}.
 *
 * <pre>{@code
 * try (BunnyStreamDouble bunny = BunnyStreamDouble.start(dir, "1234", "library-key")) {
 *     // pipeline.stream.bunny.api-url=bunny.apiUrl(), tus-url=bunny.tusUrl()
 * }
 * }</pre>
 */
public final class BunnyStreamDouble implements AutoCloseable {

    private final Tomcat tomcat;
    private final Connector connector;
    private final BunnyLibrary library;
    private final Faults faults = new Faults();
    private final TusFileUploadService tus;
    private final AtomicLong bytesReceived = new AtomicLong();
    private final FetchJobs fetches;
    private final BunnyTusServlet tusServlet;

    private BunnyStreamDouble(Path storage, String libraryId, String apiKey) throws IOException {
        Files.createDirectories(storage);
        this.library = new BunnyLibrary(libraryId, apiKey, Clock.systemUTC());
        this.tus = new TusFileUploadService()
                .withUploadUri(BunnyTusServlet.PATH)
                .withStoragePath(Files.createDirectories(storage.resolve("tus")).toString())
                .withThreadLocalCache(true);
        this.fetches = new FetchJobs(library, storage.resolve("fetched"));
        this.tomcat = new Tomcat();
        this.tomcat.setBaseDir(Files.createDirectories(storage.resolve("tomcat")).toString());
        this.connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        // Do not drain the unread rest of a refused or cut upload: close the connection as Bunny's edge does.
        connector.setProperty("maxSwallowSize", "0");
        connector.setProperty("connectionTimeout", "60000");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        context.getPipeline().addValve(new CutConnectionValve());
        Tomcat.addServlet(context, "stream-api", new StreamApiServlet(library, faults, this::deleteUpload, fetches));
        context.addServletMappingDecoded("/library/*", "stream-api");
        this.tusServlet = new BunnyTusServlet(library, faults, tus, bytesReceived);
        Tomcat.addServlet(context, "tus", tusServlet);
        context.addServletMappingDecoded(BunnyTusServlet.PATH, "tus");
        context.addServletMappingDecoded(BunnyTusServlet.PATH + "/*", "tus");
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            throw new IOException("cannot start the Bunny Stream double", e);
        }
    }

    /** Starts a double for one library with its API key, storing uploads under {@code storage}. */
    public static BunnyStreamDouble start(Path storage, String libraryId, String apiKey) throws IOException {
        return new BunnyStreamDouble(storage, libraryId, apiKey);
    }

    /** For {@code pipeline.stream.bunny.api-url}. */
    public URI apiUrl() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** For {@code pipeline.stream.bunny.tus-url}. */
    public URI tusUrl() {
        return URI.create(apiUrl() + BunnyTusServlet.PATH);
    }

    public String libraryId() {
        return library.id();
    }

    /** Replaces the library's API key, as an operator rotating it in Bunny's panel: the old key stops working. */
    public void rotateApiKey(String newKey) {
        library.apiKey(newKey);
    }

    /** How long each status step after the upload takes (Uploaded → Processing → Finished); default 200 ms. */
    public void encodingStep(Duration step) {
        library.encodingStep(step);
    }

    public Faults faults() {
        return faults;
    }

    /** Videos that exist now, oldest first. */
    public List<DoubleVideo> videos() {
        return library.videos();
    }

    public Optional<DoubleVideo> video(String guid) {
        return library.find(guid);
    }

    /** Videos ever created, including deleted ones. */
    public int videosCreated() {
        return library.createdCount();
    }

    /** Upload body bytes received over all PATCH requests (including bytes of requests that were cut). */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** PATCH requests whose body was chunked ({@code Transfer-Encoding: chunked}) instead of sized. */
    public long chunkedPatches() {
        return tusServlet.chunkedPatches();
    }

    /** Lowercase hex SHA-1 of the bytes stored for a video (uploaded or fetched), streamed from disk. */
    public String sha1(String guid) throws IOException {
        DoubleVideo video = library.find(guid).orElseThrow(() -> new IllegalArgumentException("no video " + guid));
        try (InputStream in = video.uploadId() == null ? Files.newInputStream(fetches.file(video))
                : tus.getUploadedBytes(BunnyTusServlet.PATH + "/" + video.uploadId())) {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) != -1) {
                sha1.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha1.digest());
        } catch (TusException e) {
            throw new IOException("no upload for video " + guid, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void deleteUpload(DoubleVideo video) throws IOException {
        if (video.uploadId() == null) {
            Files.deleteIfExists(fetches.file(video));
            return;
        }
        try {
            tus.deleteUpload(BunnyTusServlet.PATH + "/" + video.uploadId());
        } catch (TusException e) {
            throw new IOException("cannot delete the upload of video " + video.guid(), e);
        }
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new UncheckedIOException(new IOException("cannot stop the Bunny Stream double", e));
        } finally {
            fetches.close();
            library.close();
        }
    }
}
