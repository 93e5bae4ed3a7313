package academy.pipeline.core.ops;

import academy.pipeline.core.spool.Spool;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;

/**
 * Gauges {@code pipeline.spool.free.bytes} and {@code pipeline.spool.total.bytes}: the disk the spool lives on,
 * as seen by this service (what a 4 GB download needs room on). NaN when the file system cannot be asked.
 */
class SpoolDiskMetrics implements MeterBinder {

    private final Spool spool;

    public SpoolDiskMetrics(Spool spool) {
        this.spool = spool;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("pipeline.spool.free.bytes", this, m -> m.ask(true)).baseUnit("bytes")
                .description("Bytes free for the spool on its file system").register(registry);
        Gauge.builder("pipeline.spool.total.bytes", this, m -> m.ask(false)).baseUnit("bytes")
                .description("Size of the spool's file system").register(registry);
    }

    private double ask(boolean free) {
        try {
            FileStore store = Files.getFileStore(spool.root());
            return free ? store.getUsableSpace() : store.getTotalSpace();
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
