package academy.pipeline.archive;

import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.spool.SafeFileNames;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Expands the archive file-name template. Placeholders: {@code <source>}, {@code <yyyy>}, {@code <MM>},
 * {@code <dd>}, {@code <recordingId>}, {@code <original file name>}. The date is when the gateway accepted
 * the recording (UTC), so a retry names the file the same way.
 */
final class ArchiveFileNames {

    public static final String DEFAULT_TEMPLATE = "<source>/<yyyy>/<MM>/<recordingId>/<original file name>";

    private final String template;

    ArchiveFileNames(String template) {
        this.template = template == null || template.isBlank() ? DEFAULT_TEMPLATE : template;
    }

    public String nameFor(RecordingEvent event) {
        Instant when = event.receivedAt() != null ? event.receivedAt() : Instant.EPOCH;
        ZonedDateTime at = when.atZone(ZoneOffset.UTC);
        String original = event.spooled() != null && event.spooled().fileName() != null
                ? event.spooled().fileName()
                : event.recordingId();
        return template
                .replace("<source>", event.source().id())
                .replace("<yyyy>", String.format("%04d", at.getYear()))
                .replace("<MM>", String.format("%02d", at.getMonthValue()))
                .replace("<dd>", String.format("%02d", at.getDayOfMonth()))
                .replace("<recordingId>", event.recordingId())
                .replace("<original file name>", SafeFileNames.sanitize(original));
    }
}
