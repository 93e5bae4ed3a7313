package academy.pipeline.standalone;

import com.sun.net.httpserver.HttpServer;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * An HTTP server on loopback that reads every request body into a fixed 1 MiB buffer, discards it and answers 204:
 * the most a loopback upload can reach on this machine. Run by {@link LoopbackUploadLimit} as its own JVM with the
 * full JIT; prints its port on the first line of stdout.
 */
public final class DiscardingSink {

    private DiscardingSink() {
    }

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", exchange -> {
            byte[] buffer = new byte[1 << 20];
            try (InputStream body = exchange.getRequestBody()) {
                while (body.read(buffer) != -1) {
                    // discarded
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        System.out.println(server.getAddress().getPort());
        System.out.flush();
    }
}
