package dev.krafter.image.bench;

import dev.krafter.image.BrokerImage;
import dev.krafter.image.Docker;
import dev.krafter.image.ImageCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Benchmark (not a test): kafka-producer-perf-test and kafka-consumer-perf-test against a 3-node combined cluster
 * of the krafter/kafka image (entrypoint: probe agent, JMX exporter, heap from the memory limit), next to the same
 * jars started the stock way (kafka-server-start.sh with a minimal KRaft server.properties, no agents, 1 GiB heap),
 * in the same run and on the same containers' resources (2 GiB memory each, so both get a 1 GiB heap).
 * The perf tools run inside node 0 of each cluster. Prints records/s, MB/s and p99 latency side by side.
 *
 * <p>Run: {@code mvn -q -B -pl broker-image test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.krafter.image.bench.ImagePerfBenchmark} (options: -Dbench.records=100000
 * -Dbench.recordSize=512 -Dbench.rounds=1).
 */
public final class ImagePerfBenchmark {

    private static final int RECORDS = Integer.getInteger("bench.records", 100_000);
    private static final int RECORD_SIZE = Integer.getInteger("bench.recordSize", 512);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 1);
    private static final String TOPIC = "perf";

    private static final Pattern PRODUCER_SUMMARY = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec "
            + "\\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, "
            + "(\\d+) ms 99th");

    record Figures(
            String variant,
            double produceRecordsPerSec,
            double produceMbPerSec,
            double produceP99Ms,
            double produceAvgMs,
            double consumeRecordsPerSec,
            double consumeMbPerSec) {}

    enum Variant {
        STOCK,
        IMAGE
    }

    private ImagePerfBenchmark() {}

    public static void main(String[] args) {
        String image = BrokerImage.ensureBuilt();
        List<Figures> results = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            for (Variant variant : Variant.values()) {
                System.out.printf("round %d: %s cluster...%n", round, variant);
                results.add(run(image, variant));
            }
        }
        print(results);
    }

    private static Figures run(String image, Variant variant) {
        try (ImageCluster cluster =
                new ImageCluster(image, "bench-" + variant.name().toLowerCase(), "2g", "")) {
            ImageCluster.StatefulSet kafka = cluster.statefulSet("kafka", 0);
            String voters = ImageCluster.voters(kafka, 3);
            if (variant == Variant.IMAGE) {
                kafka.writeBaseConfig("""
            process.roles=broker,controller
            listeners=CONTROLLER://:9090,REPLICATION://:9091,CLIENT://:9092
            advertised.listeners=REPLICATION://${ADVERTISED_HOST}:9091,CLIENT://${ADVERTISED_HOST}:9092
            listener.security.protocol.map=CONTROLLER:PLAINTEXT,REPLICATION:PLAINTEXT,CLIENT:PLAINTEXT
            inter.broker.listener.name=REPLICATION
            controller.listener.names=CONTROLLER
            controller.quorum.voters=%s
            """.formatted(voters));
                IntStream.range(0, 3).forEach(i -> kafka.addPod(i, Optional.empty(), Optional.empty()));
                cluster.nodes().forEach(ImageCluster.Node::start);
            } else {
                IntStream.range(0, 3).forEach(i -> kafka.addPod(i, Optional.empty(), Optional.empty()));
                for (ImageCluster.Node node : cluster.nodes()) {
                    node.startStock("""
              process.roles=broker,controller
              node.id=%d
              controller.quorum.voters=%s
              listeners=PLAINTEXT://:9092,CONTROLLER://:9090
              advertised.listeners=PLAINTEXT://%s:9092
              controller.listener.names=CONTROLLER
              listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
              log.dirs=/var/lib/kafka/data/kafka-log
              """.formatted(node.nodeId, voters, node.host));
                }
            }
            ImageCluster.Node client = cluster.nodes().get(0);
            String bootstrap =
                    cluster.nodes().stream().map(node -> node.host + ":9092").collect(Collectors.joining(","));
            createTopicWhenClusterIsUp(client, bootstrap);

            Docker.Result produce = client.exec(
                    Duration.ofMinutes(15),
                    "bash",
                    "-c",
                    "KAFKA_TOOLS_HEAP_OPTS=-Xmx512m kafka-producer-perf-test.sh"
                            + " --topic " + TOPIC + " --num-records " + RECORDS + " --record-size " + RECORD_SIZE
                            + " --throughput -1"
                            + " --producer-props bootstrap.servers=" + bootstrap + " acks=all");
            Matcher summary = PRODUCER_SUMMARY.matcher(produce.stdout());
            if (!produce.ok() || !summary.find()) {
                throw new IllegalStateException("producer perf test failed: " + produce.output());
            }
            Docker.Result consume = client.exec(
                    Duration.ofMinutes(15),
                    "bash",
                    "-c",
                    "KAFKA_TOOLS_HEAP_OPTS=-Xmx512m kafka-consumer-perf-test.sh"
                            + " --bootstrap-server " + bootstrap + " --topic " + TOPIC + " --num-records " + RECORDS
                            + " --timeout 120000 --group perf-reader");
            List<String> lines =
                    consume.stdout().lines().filter(line -> !line.isBlank()).toList();
            if (!consume.ok() || lines.size() < 2) {
                throw new IllegalStateException("consumer perf test failed: " + consume.output());
            }
            // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms,
            // fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec: the fetch.* figures exclude the group join.
            String[] fields = lines.get(lines.size() - 1).split(",\\s*");
            System.out.println("  producer: " + summary.group(0));
            System.out.println("  consumer: " + lines.get(lines.size() - 1));
            return new Figures(
                    variant.name().toLowerCase(),
                    Double.parseDouble(summary.group(2)),
                    Double.parseDouble(summary.group(3)),
                    Double.parseDouble(summary.group(8)),
                    Double.parseDouble(summary.group(4)),
                    Double.parseDouble(fields[9]),
                    Double.parseDouble(fields[8]));
        }
    }

    private static void createTopicWhenClusterIsUp(ImageCluster.Node client, String bootstrap) {
        long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        while (true) {
            String failure;
            try {
                Docker.Result created = client.exec(
                        Duration.ofMinutes(1),
                        "kafka-topics.sh",
                        "--bootstrap-server",
                        bootstrap,
                        "--create",
                        "--topic",
                        TOPIC,
                        "--partitions",
                        "6",
                        "--replication-factor",
                        "3",
                        "--config",
                        "min.insync.replicas=2");
                // "already exists": an earlier attempt that timed out on the client side did create it.
                if (created.ok() || created.output().contains("already exists")) {
                    return;
                }
                failure = created.output();
            } catch (IllegalStateException timedOut) {
                failure = timedOut.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cluster not up within 6 minutes: " + failure);
            }
            sleep(Duration.ofSeconds(3));
        }
    }

    private static void print(List<Figures> results) {
        System.out.printf(
                "%n%d records of %d bytes, topic RF 3 / min.insync.replicas 2 / 6 partitions, acks=all%n",
                RECORDS, RECORD_SIZE);
        System.out.printf(
                "%-8s %14s %10s %10s %10s %14s %10s%n",
                "cluster", "produce rec/s", "MB/s", "p99 ms", "avg ms", "consume rec/s", "MB/s");
        for (Figures f : results) {
            System.out.printf(
                    "%-8s %14.0f %10.2f %10.0f %10.1f %14.0f %10.2f%n",
                    f.variant(),
                    f.produceRecordsPerSec(),
                    f.produceMbPerSec(),
                    f.produceP99Ms(),
                    f.produceAvgMs(),
                    f.consumeRecordsPerSec(),
                    f.consumeMbPerSec());
        }
        Figures stock = average(results, "stock");
        Figures image = average(results, "image");
        System.out.printf(
                "%-8s %14.2f %10.2f %10.2f %10.2f %14.2f %10.2f%n",
                "image/stock",
                image.produceRecordsPerSec() / stock.produceRecordsPerSec(),
                image.produceMbPerSec() / stock.produceMbPerSec(),
                image.produceP99Ms() / stock.produceP99Ms(),
                image.produceAvgMs() / stock.produceAvgMs(),
                image.consumeRecordsPerSec() / stock.consumeRecordsPerSec(),
                image.consumeMbPerSec() / stock.consumeMbPerSec());
    }

    private static Figures average(List<Figures> results, String variant) {
        List<Figures> of =
                results.stream().filter(f -> f.variant().equals(variant)).toList();
        return new Figures(
                variant,
                of.stream().mapToDouble(Figures::produceRecordsPerSec).average().orElseThrow(),
                of.stream().mapToDouble(Figures::produceMbPerSec).average().orElseThrow(),
                of.stream().mapToDouble(Figures::produceP99Ms).average().orElseThrow(),
                of.stream().mapToDouble(Figures::produceAvgMs).average().orElseThrow(),
                of.stream().mapToDouble(Figures::consumeRecordsPerSec).average().orElseThrow(),
                of.stream().mapToDouble(Figures::consumeMbPerSec).average().orElseThrow());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
