package dev.krafter.group;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The record of offset resets applied to a cluster's groups, kept in the cluster itself: the compacted topic
 * {@value #TOPIC}, one record per group and reset id (key {@code "<group id> <reset id>"}, neither can contain white
 * space), value a {@link ResetRecord} in JSON.
 *
 * <p>Why there: it lives exactly as long as the offsets it protects (a KafkaCluster re-created on its kept volumes
 * keeps both; a new cluster has neither), it survives the ConsumerGroup resource being deleted and created again (Argo
 * CD's Replace, a restore from backup), an operator restart or failover, and a lost status write; consumers never
 * write there, unlike the group's own commit metadata, which their next commit replaces; and compaction keeps it at
 * one record per reset, forever (no retention, unlike the offsets of an empty group, which Kafka expires after
 * offsets.retention.minutes).
 */
public final class OffsetResetLedger {
    public static final String TOPIC = "__krafter_offset_resets";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    private final Duration timeout;

    public OffsetResetLedger(Duration timeout) {
        this.timeout = timeout;
    }

    static String key(String groupId, String resetId) {
        return groupId + " " + resetId;
    }

    /** The latest record of reset {@code resetId} of {@code groupId}, if any. */
    public Optional<ResetRecord> find(
            Admin admin, String bootstrap, Map<String, Object> security, String groupId, String resetId)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            admin.describeTopics(List.of(TOPIC)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
        String wanted = key(groupId, resetId);
        String latest = null;
        boolean found = false;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                consumerProperties(bootstrap, security), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(PARTITION));
            consumer.seekToBeginning(List.of(PARTITION));
            long end = consumer.endOffsets(List.of(PARTITION), timeout).get(PARTITION);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(PARTITION, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException(
                            "reading " + TOPIC + " to offset " + end + " took longer than " + timeout);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.equals(record.key())) {
                        found = true;
                        latest = record.value();
                    }
                }
            }
        }
        return found && latest != null ? Optional.of(ResetRecord.fromJson(latest)) : Optional.empty();
    }

    /** Writes {@code record} and returns once every in-sync replica has it. */
    public void write(
            Admin admin,
            String bootstrap,
            Map<String, Object> security,
            String groupId,
            String resetId,
            ResetRecord record)
            throws ExecutionException, InterruptedException, TimeoutException {
        ensureTopic(admin);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                producerProperties(bootstrap, security), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, 0, key(groupId, resetId), record.toJson()))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void ensureTopic(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        int brokers = admin.describeCluster()
                .nodes()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .size();
        short replicas = (short) Math.max(1, Math.min(3, brokers));
        Map<String, String> config = new HashMap<>();
        config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        config.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(Math.max(1, replicas - 1)));
        try {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, replicas).configs(config)))
                    .all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** The operator's connection security first ({@link dev.krafter.kafka.KafkaAdmins#securityFor}), then ours. */
    private Properties consumerProperties(String bootstrap, Map<String, Object> security) {
        Properties props = new Properties();
        props.putAll(security);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "krafter-offset-resets");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return props;
    }

    private Properties producerProperties(String bootstrap, Map<String, Object> security) {
        Properties props = new Properties();
        props.putAll(security);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "krafter-offset-resets");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        return props;
    }
}
