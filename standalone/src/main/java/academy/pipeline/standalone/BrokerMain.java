package academy.pipeline.standalone;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs only the embedded single-node KRaft broker, for local split runs (one JVM per service) and the chaos
 * suite. Usage: {@code BrokerMain <data-dir> <port> <controller-port>}. Stops on SIGTERM.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: BrokerMain <data-dir> <port> <controller-port>");
            System.exit(2);
        }
        LocalKafkaBroker broker = new LocalKafkaBroker(Path.of(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2])).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println("Kafka broker ready on " + broker.bootstrapServers());
        stopped.await();
    }
}
