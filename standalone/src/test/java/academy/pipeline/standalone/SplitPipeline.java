package academy.pipeline.standalone;

import academy.pipeline.testkit.FreePorts;
import academy.pipeline.testkit.JvmOptions;
import academy.pipeline.testkit.ServiceProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline as separate processes, as in production: a Kafka broker, the gateway and the four stages, each
 * its own JVM with the project's small-footprint options, sharing a data directory (the spool). The services
 * run from their executable jars ({@code <module>/target/<module>-1.0.0-SNAPSHOT-exec.jar}).
 */
final class SplitPipeline implements AutoCloseable {

    static final List<String> SERVICES = List.of("gateway", "download", "archive", "stream", "notify");

    private final Path repositoryRoot;
    private final Path dataDir;
    private final Path logDir;
    private final int kafkaPort = FreePorts.next();
    private final int controllerPort = FreePorts.next();
    private final int gatewayPort = FreePorts.next();
    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();

    SplitPipeline(Path repositoryRoot, Path dataDir, Path logDir, List<String> serviceArgs) throws IOException {
        this.repositoryRoot = repositoryRoot;
        this.dataDir = dataDir;
        this.logDir = logDir;
        List<String> jvm = JvmOptions.read(repositoryRoot);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        List<String> broker = new ArrayList<>(List.of(java));
        broker.addAll(jvm);
        broker.addAll(List.of("-cp", System.getProperty("java.class.path"), BrokerMain.class.getName(),
                dataDir.resolve("kafka").toString(), Integer.toString(kafkaPort), Integer.toString(controllerPort)));
        processes.put("broker", new ServiceProcess("broker", broker, logDir.resolve("broker.log")));

        for (String service : SERVICES) {
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(jvm);
            command.addAll(List.of("-jar", jarOf(service).toString(),
                    "--spring.kafka.bootstrap-servers=" + bootstrapServers(),
                    "--pipeline.data-dir=" + dataDir,
                    "--pipeline.instance-id=" + service + "-1",
                    "--server.port=" + (service.equals("gateway") ? gatewayPort : 0)));
            command.addAll(serviceArgs);
            processes.put(service, new ServiceProcess(service, command, logDir.resolve(service + ".log")));
        }
    }

    /** Whether every service jar is built (they are after {@code ./mvnw package}, and in {@code verify}). */
    static boolean jarsBuilt(Path repositoryRoot) {
        return SERVICES.stream().allMatch(s -> Files.isRegularFile(jar(repositoryRoot, s)));
    }

    private Path jarOf(String service) {
        return jar(repositoryRoot, service);
    }

    private static Path jar(Path root, String service) {
        String module = service.equals("gateway") ? "gateway" : "stage-" + service;
        return root.resolve(module).resolve("target").resolve(module + "-1.0.0-SNAPSHOT-exec.jar");
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    int gatewayPort() {
        return gatewayPort;
    }

    /** Base URL of the gateway's operator endpoints ({@code /recordings/**}, {@code /custom-upload}, actuator). */
    String operatorUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    Path dataDir() {
        return dataDir;
    }

    Path logDir() {
        return logDir;
    }

    ServiceProcess process(String name) {
        return processes.get(name);
    }

    SplitPipeline start() throws IOException {
        for (ServiceProcess process : processes.values()) {
            process.start();
        }
        return this;
    }

    @Override
    public void close() throws InterruptedException {
        List<ServiceProcess> reversed = new ArrayList<>(processes.values());
        java.util.Collections.reverse(reversed);
        for (ServiceProcess process : reversed) {
            process.close();
        }
    }
}
