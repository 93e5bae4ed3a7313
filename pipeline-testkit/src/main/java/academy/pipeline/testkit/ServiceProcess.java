package academy.pipeline.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service of the pipeline running as its own JVM, for the chaos suite and the benchmarks: started with the
 * project's small-footprint JVM options, killed with SIGKILL, restarted with the same command. Output is
 * appended to a log file across restarts.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    public ServiceProcess(String name, List<String> command, Path log) {
        this(name, command, Map.of(), log);
    }

    /** @param environment variables set for the process on top of this JVM's environment (settings, secrets) */
    public ServiceProcess(String name, List<String> command, Map<String, String> environment, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    public String name() {
        return name;
    }

    public synchronized ServiceProcess start() throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        builder.environment().putAll(environment);
        process = builder.start();
        return this;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Peak resident set size of the running process in KiB (Linux VmHWM), or -1. */
    public synchronized long peakRssKib() {
        return ProcStatus.kib(pid(), "VmHWM");
    }

    /** SIGTERM, then SIGKILL after 20 s. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
