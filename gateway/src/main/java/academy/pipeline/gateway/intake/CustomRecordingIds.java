package academy.pipeline.gateway.intake;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** Ids for custom uploads, which have no id of their own: {@code custom-<yyyyMMdd-HHmmss>-<8 hex>}, sortable by time. */
public class CustomRecordingIds {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Clock clock;

    public CustomRecordingIds(Clock clock) {
        this.clock = clock;
    }

    public String next() {
        return "custom-" + STAMP.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
