package academy.pipeline.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads memory figures of a process from {@code /proc/<pid>/status} (Linux). */
public final class ProcStatus {

    private ProcStatus() {
    }

    /** The value in KiB of a field such as {@code VmHWM} or {@code VmRSS}, or -1 when unavailable. */
    public static long kib(long pid, String field) {
        if (pid <= 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
