package academy.pipeline.download;

import java.util.Locale;
import java.util.Map;

/** Content type from a file name's extension, for sources that do not announce one. */
final class ContentTypes {

    private static final Map<String, String> BY_EXTENSION = Map.of(
            "mp4", "video/mp4",
            "m4a", "audio/mp4",
            "mov", "video/quicktime",
            "mkv", "video/x-matroska",
            "webm", "video/webm",
            "mp3", "audio/mpeg");

    private ContentTypes() {
    }

    static String guess(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return BY_EXTENSION.getOrDefault(ext, "application/octet-stream");
    }
}
