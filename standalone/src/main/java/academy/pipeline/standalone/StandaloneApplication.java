package academy.pipeline.standalone;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The gateway and all four stages in one JVM, on an embedded Kafka broker: the one-command local run.
 * {@code java -jar standalone.jar} needs no configuration; see README.md for the settings.
 */
@SpringBootApplication
public class StandaloneApplication {

    public static void main(String[] args) throws Exception {
        Standalone standalone = Standalone.start(args);
        Runtime.getRuntime().addShutdownHook(new Thread(standalone::close, "standalone-shutdown"));
        standalone.printWhereItIs(System.out);
    }
}
