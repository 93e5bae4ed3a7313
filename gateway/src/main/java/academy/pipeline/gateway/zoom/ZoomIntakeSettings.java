package academy.pipeline.gateway.zoom;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;

/**
 * {@code pipeline.zoom.*} as the gateway's webhook intake reads it.
 *
 * @param webhookSecretToken      the Zoom app's secret token ({@code ZOOM_WEBHOOK_SECRET_TOKEN}); null: every
 *                                webhook is refused with 503
 * @param timestampTolerance      how far {@code x-zm-request-timestamp} may be from now, either way
 * @param maxBodySize             larger webhook bodies are refused with 413 before they are verified (Zoom's
 *                                are a few KiB)
 * @param maxUnverifiedBodies     how many webhook bodies may be in flight (read, not yet verified) at once; more
 *                                get 503 with Retry-After; bounds memory to about this times {@code maxBodySize}
 * @param bodyReadTimeout         a webhook body must arrive completely within this (408 otherwise)
 * @param fileTypes               {@code file_type}s to ingest (case-insensitive), e.g. {@code MP4}, {@code M4A}
 * @param recordingTypes          {@code recording_type}s to ingest; empty: any
 * @param preferredRecordingTypes when a segment has several views of one file type, the first of these that
 *                                exists is taken (unless {@code allViews}); a view not listed ranks last
 * @param allViews                take every view of the selected file types instead of the preferred one
 * @param minDuration             recordings shorter than this are ignored; zero: none are
 */
@ConfigurationProperties("pipeline.zoom")
public record ZoomIntakeSettings(
        String webhookSecretToken,
        @DefaultValue("5m") Duration timestampTolerance,
        @DefaultValue("64KB") DataSize maxBodySize,
        @DefaultValue("16") int maxUnverifiedBodies,
        @DefaultValue("10s") Duration bodyReadTimeout,
        @DefaultValue("MP4") List<String> fileTypes,
        List<String> recordingTypes,
        @DefaultValue({"shared_screen_with_speaker_view", "shared_screen_with_speaker_view(CC)",
                "shared_screen_with_gallery_view", "speaker_view", "shared_screen", "active_speaker",
                "gallery_view"}) List<String> preferredRecordingTypes,
        @DefaultValue("false") boolean allViews,
        @DefaultValue("0s") Duration minDuration) {

    public ZoomIntakeSettings {
        fileTypes = fileTypes == null ? List.of("MP4") : List.copyOf(fileTypes);
        recordingTypes = recordingTypes == null ? List.of() : List.copyOf(recordingTypes);
        preferredRecordingTypes = preferredRecordingTypes == null ? List.of() : List.copyOf(preferredRecordingTypes);
        timestampTolerance = timestampTolerance == null ? Duration.ofMinutes(5) : timestampTolerance;
        maxBodySize = maxBodySize == null ? DataSize.ofKilobytes(64) : maxBodySize;
        bodyReadTimeout = bodyReadTimeout == null ? Duration.ofSeconds(10) : bodyReadTimeout;
        if (maxUnverifiedBodies < 1) {
            throw new IllegalArgumentException("pipeline.zoom.max-unverified-bodies must be at least 1");
        }
        minDuration = minDuration == null ? Duration.ZERO : minDuration;
    }

    @Override
    public String toString() {
        return "ZoomIntakeSettings[webhookSecretToken=" + (webhookSecretToken == null ? "null" : "***")
                + ", timestampTolerance=" + timestampTolerance + ", maxBodySize=" + maxBodySize
                + ", maxUnverifiedBodies=" + maxUnverifiedBodies + ", bodyReadTimeout=" + bodyReadTimeout
                + ", fileTypes=" + fileTypes + ", recordingTypes=" + recordingTypes
                + ", preferredRecordingTypes=" + preferredRecordingTypes + ", allViews=" + allViews
                + ", minDuration=" + minDuration + "]";
    }
}
