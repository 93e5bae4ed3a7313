package academy.pipeline.gateway.zoom;

import academy.pipeline.gateway.zoom.ZoomWebhook.Meeting;
import academy.pipeline.gateway.zoom.ZoomWebhook.RecordingFile;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides which files of a {@code recording.completed} become pipeline recordings. A file qualifies when it is
 * complete, has a download URL, and its file type (and recording type, if restricted) is configured. Zoom sends
 * one file per view (speaker, gallery, shared screen...) of each recorded segment; unless every view is
 * wanted, one file per segment and file type is kept, the view ranking first in the preference list.
 */
class ZoomFileSelection {

    private final Set<String> fileTypes;
    private final Set<String> recordingTypes;
    private final List<String> preferred;
    private final boolean allViews;
    private final Duration minDuration;

    ZoomFileSelection(ZoomIntakeSettings settings) {
        this.fileTypes = upperCase(settings.fileTypes());
        this.recordingTypes = settings.recordingTypes().stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.preferred = settings.preferredRecordingTypes().stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
        this.allViews = settings.allViews();
        this.minDuration = settings.minDuration();
    }

    /** The files to ingest, in the order Zoom listed them; empty when none qualifies. */
    List<RecordingFile> select(Meeting meeting) {
        List<RecordingFile> candidates = meeting.recordingFiles().stream()
                .filter(Objects::nonNull)
                .filter(f -> f.id() != null && f.downloadUrl() != null && !f.downloadUrl().isBlank())
                .filter(f -> f.status() == null || f.status().equalsIgnoreCase("completed"))
                .filter(f -> f.fileType() != null && fileTypes.contains(f.fileType().toUpperCase(Locale.ROOT)))
                .filter(f -> recordingTypes.isEmpty() || recordingTypes.contains(lower(f.recordingType())))
                .filter(f -> !tooShort(meeting, f))
                .toList();
        if (allViews) {
            return candidates;
        }
        Map<String, List<RecordingFile>> bySegment = new LinkedHashMap<>();
        for (RecordingFile file : candidates) {
            String segment = file.fileType().toUpperCase(Locale.ROOT) + "|" + Objects.toString(file.recordingStart(), "");
            bySegment.computeIfAbsent(segment, k -> new ArrayList<>()).add(file);
        }
        List<RecordingFile> chosen = new ArrayList<>();
        for (List<RecordingFile> views : bySegment.values()) {
            chosen.add(views.stream().min(Comparator.comparingInt(this::rank)).orElseThrow());
        }
        return chosen;
    }

    private int rank(RecordingFile file) {
        int index = preferred.indexOf(lower(file.recordingType()));
        return index < 0 ? preferred.size() : index;
    }

    /** A file's own start/end when Zoom gives them, else the meeting's duration (whole minutes). */
    private boolean tooShort(Meeting meeting, RecordingFile file) {
        if (minDuration.isZero()) {
            return false;
        }
        Duration length = fileLength(file);
        if (length == null && meeting.duration() != null) {
            length = Duration.ofMinutes(meeting.duration());
        }
        return length != null && length.compareTo(minDuration) < 0;
    }

    private static Duration fileLength(RecordingFile file) {
        if (file.recordingStart() == null || file.recordingEnd() == null) {
            return null;
        }
        try {
            return Duration.between(Instant.parse(file.recordingStart()), Instant.parse(file.recordingEnd()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }

    private static Set<String> upperCase(List<String> values) {
        return values.stream().map(v -> v.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
