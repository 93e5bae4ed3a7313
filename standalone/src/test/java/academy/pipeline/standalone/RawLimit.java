package academy.pipeline.standalone;

import java.nio.file.Path;

/**
 * A raw limit of the machine measured in the benchmark's run, as context for the transfer steps' figures (what a
 * step could reach at best): e.g. the data disk with fsync, a loopback upload. To add one (an egress limit, say),
 * implement this and list it in {@link PipelineBenchmark#rawLimits}.
 */
interface RawLimit {

    /** What is measured, for the table. */
    String name();

    /** Moves the file's bytes the way this limit is defined; returns MiB/s. */
    double mibPerSecond(Path file, long size) throws Exception;
}
