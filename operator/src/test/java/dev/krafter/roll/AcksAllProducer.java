package dev.krafter.roll;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends numbered records with acks=all until stopped; remembers what was acknowledged and what failed. */
final class AcksAllProducer implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final List<Exception> failures = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread sender;

    AcksAllProducer(String bootstrap, String topic) {
        producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers",
                bootstrap,
                "acks",
                "all",
                "enable.idempotence",
                "true",
                "key.serializer",
                StringSerializer.class.getName(),
                "value.serializer",
                StringSerializer.class.getName()));
        sender = new Thread(
                () -> {
                    for (int i = 0; running.get(); i++) {
                        String value = "record-" + i;
                        producer.send(new ProducerRecord<>(topic, value), (metadata, error) -> {
                            if (error == null) {
                                acknowledged.add(value);
                            } else {
                                failures.add(error);
                            }
                        });
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "acks-all-producer");
        sender.start();
    }

    List<Exception> stop() throws InterruptedException {
        running.set(false);
        sender.join();
        producer.flush();
        return failures;
    }

    Set<String> acknowledged() {
        return acknowledged;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        producer.close();
    }

    /** Values of every record in the topic. */
    static Set<String> readAll(String bootstrap, String topic) {
        Set<String> values = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", bootstrap,
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", StringDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
