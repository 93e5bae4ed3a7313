package academy.pipeline.core.ops;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The probe behind the kafka health component and the lag gauges, against a real broker and a missing one. */
class KafkaProbeTest {

    static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void healthIsUpWithTheClusterIdWhenTheBrokerAnswers() {
        try (KafkaProbe probe = probe(broker.getBrokersAsString())) {
            Health health = new KafkaHealthIndicator(probe).health(true);

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsKey("clusterId").containsEntry("nodes", 1);
        }
    }

    @Test
    void healthIsDownWithinTheTimeoutWhenNoBrokerListens() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (KafkaProbe probe = probe("127.0.0.1:" + closedPort)) {
            long started = System.nanoTime();
            Health health = new KafkaHealthIndicator(probe).health(true);

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void waitingCountsRecordsTheGroupHasNotCommitted() throws Exception {
        String topic = "probe-lag";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
        }
        // The broker's first group query also creates its offsets topic, which takes a while on a busy machine.
        try (KafkaProbe probe = probe(broker.getBrokersAsString(), Duration.ofSeconds(20))) {
            assertThat(probe.waiting("probe-group", topic)).isEqualTo(5);

            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                    ConsumerConfig.GROUP_ID_CONFIG, "probe-group"), new StringDeserializer(), new StringDeserializer())) {
                consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(3)));
            }
            assertThat(probe.waiting("probe-group", topic)).isEqualTo(2);
        }
    }

    @Test
    void waitingCountsRecordsNotTheOffsetsOfTransactionMarkers() throws Exception {
        String topic = "probe-lag-transactional";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "probe-hand-over"),
                new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            for (int i = 0; i < 2; i++) {
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
                producer.commitTransaction();
            }
        }
        // records at offsets 0 and 2, each followed by its commit marker
        try (KafkaProbe probe = probe(broker.getBrokersAsString(), Duration.ofSeconds(20));
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                     ConsumerConfig.GROUP_ID_CONFIG, "probe-tx-group"), new StringDeserializer(), new StringDeserializer())) {
            assertThat(probe.waiting("probe-tx-group", topic)).isEqualTo(2);
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(1)));
            assertThat(probe.waiting("probe-tx-group", topic)).isEqualTo(1);
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(3)));
            assertThat(probe.waiting("probe-tx-group", topic)).isZero();
        }
    }

    private static KafkaProbe probe(String bootstrap) {
        return probe(bootstrap, Duration.ofSeconds(2));
    }

    private static KafkaProbe probe(String bootstrap, Duration timeout) {
        return new KafkaProbe(Map.of("bootstrap.servers", bootstrap), timeout);
    }
}
