package academy.pipeline.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code dd} of the file (read from the page cache) to a new file in a directory of the data disk, with one
 * {@code fsync} at the end ({@code conv=fsync}): what a step that writes a spool file and syncs it once can reach.
 */
final class DiskWriteLimit implements RawLimit {

    private final Path dir;

    DiskWriteLimit(Path dir) {
        this.dir = dir;
    }

    @Override
    public String name() {
        return "dd with fsync to the data disk";
    }

    @Override
    public double mibPerSecond(Path file, long size) throws Exception {
        Path out = dir.resolve("dd-limit.out");
        long t0 = System.nanoTime();
        Process dd = new ProcessBuilder(List.of("dd", "if=" + file, "of=" + out, "bs=4M", "conv=fsync"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int status = dd.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        try {
            if (status != 0 || Files.size(out) != size) {
                throw new IllegalStateException("dd to " + out + " failed (exit " + status + ")");
            }
        } finally {
            Files.deleteIfExists(out);
        }
        return size / (double) (1 << 20) / seconds;
    }
}
