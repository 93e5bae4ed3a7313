package academy.pipeline.core.spool;

import java.util.regex.Pattern;

/** Turns a name from the outside world (Zoom, a tutor's browser) into one safe to use as a file name. */
public final class SafeFileNames {

    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._ ()+-]");
    private static final int MAX_LENGTH = 150;

    private SafeFileNames() {
    }

    public static String sanitize(String name) {
        String base = name == null ? "" : name;
        int slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
        base = base.substring(slash + 1);
        base = UNSAFE.matcher(base).replaceAll("_").strip();
        while (base.startsWith(".")) {
            base = base.substring(1);
        }
        if (base.isEmpty()) {
            base = "recording";
        }
        if (base.length() > MAX_LENGTH) {
            int dot = base.lastIndexOf('.');
            String ext = dot > 0 && base.length() - dot <= 10 ? base.substring(dot) : "";
            base = base.substring(0, MAX_LENGTH - ext.length()) + ext;
        }
        return base;
    }
}
