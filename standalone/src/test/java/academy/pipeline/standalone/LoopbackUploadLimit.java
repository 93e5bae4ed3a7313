package academy.pipeline.standalone;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code curl -T} of the file to {@link DiscardingSink} on loopback (its own JVM, full JIT): the most any upload
 * over loopback HTTP reaches here, with no disk and no hashing at the receiving end.
 */
final class LoopbackUploadLimit implements RawLimit {

    @Override
    public String name() {
        return "curl -T to a discarding sink (loopback)";
    }

    @Override
    public double mibPerSecond(Path file, long size) throws Exception {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), DiscardingSink.class.getName()));
        Process sink = new ProcessBuilder(java).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String port = new BufferedReader(new InputStreamReader(sink.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (port == null) {
                throw new IllegalStateException("the discarding sink did not start");
            }
            Process curl = new ProcessBuilder("curl", "-sS", "--fail", "-o", "/dev/null", "-w", "%{time_total}",
                    "-H", "Expect:", "-T", file.toString(), "http://127.0.0.1:" + port.trim() + "/sink")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String seconds = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (curl.waitFor() != 0) {
                throw new IllegalStateException("curl to the discarding sink failed");
            }
            return size / (double) (1 << 20) / Double.parseDouble(seconds);
        } finally {
            sink.destroy();
            sink.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
