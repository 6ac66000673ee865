package dev.krafter.reassign.bench;

import dev.krafter.reassign.Assignment;
import dev.krafter.reassign.AssignmentBalance;
import dev.krafter.reassign.BrokerInfo;
import dev.krafter.reassign.PlanInput;
import dev.krafter.reassign.ReassignmentPlan;
import dev.krafter.reassign.ReassignmentPlanner;
import dev.krafter.testing.KafkaTestClusters;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.tools.reassign.ReassignPartitionsCommand;

/**
 * Replicas moved when scaling a cluster of 50 topics x 12 partitions x RF 3: our planner against Kafka's own
 * {@code kafka-reassign-partitions.sh --generate} (the real {@link ReassignPartitionsCommand#generateAssignment}, run
 * against a 13-broker KafkaClusterTestKit cluster) and against the lower bound, with balance figures.
 *
 * <p>The starting assignment of each trial is Kafka's own placement on the "before" brokers (the same generate call),
 * so it is what a cluster created with Kafka's tools would look like. Kafka's placement starts at a random broker, so
 * each trial differs a little.
 *
 * <p>Run: {@code MAVEN_OPTS=-Xmx1536m mvn -q -B -pl operator -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.krafter.reassign.bench.ReassignmentBenchmark}
 */
public final class ReassignmentBenchmark {
    private static final int TOPICS = 50;
    private static final int PARTITIONS = 12;
    private static final int REPLICATION_FACTOR = 3;
    private static final int MAX_BROKERS = 13;
    private static final int TRIALS = 3;
    private static final int[][] SCENARIOS = {{3, 4}, {6, 7}, {6, 5}, {12, 13}};

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        try (KafkaClusterTestKit cluster = KafkaTestClusters.dedicatedController(MAX_BROKERS)) {
            try (Admin admin = cluster.admin()) {
                List<NewTopic> topics = IntStream.range(0, TOPICS)
                        .mapToObj(t -> new NewTopic(topic(t), PARTITIONS, (short) REPLICATION_FACTOR))
                        .toList();
                KafkaTestClusters.createTopics(admin, topics);
                run(admin, out);
            }
        } finally {
            System.setOut(out);
        }
        System.exit(0);
    }

    private static void run(Admin admin, PrintStream out) throws Exception {
        int replicas = TOPICS * PARTITIONS * REPLICATION_FACTOR;
        out.printf(
                "%d topics x %d partitions x RF %d = %d replicas%n", TOPICS, PARTITIONS, REPLICATION_FACTOR, replicas);
        out.printf(
                "%-7s %-5s | %-28s | %-28s | %-11s | %-10s | %-12s | %s%n",
                "scale",
                "trial",
                "kafka --generate",
                "krafter planner",
                "lower bound",
                "krafter/LB",
                "kafka/krafter",
                "start spread, planner time");
        out.printf(
                "%-7s %-5s | %-28s | %-28s | %-11s | %-10s | %-12s |%n",
                "", "", "moved (%) rep/lead spread", "moved (%) rep/lead spread", "moved", "", "");
        for (int[] scenario : SCENARIOS) {
            int before = scenario[0];
            int after = scenario[1];
            for (int trial = 1; trial <= TRIALS; trial++) {
                List<Integer> beforeIds = ids(before);
                List<Integer> afterIds = ids(after);
                Assignment start = kafkaGenerate(admin, beforeIds);
                Assignment kafkaTarget = kafkaGenerate(admin, afterIds);
                int kafkaMoves = moves(start, kafkaTarget);
                AssignmentBalance kafkaBalance = AssignmentBalance.of(kafkaTarget, afterIds);

                Set<Integer> drained =
                        after < before ? new TreeSet<>(ids(before).subList(after, before)) : Set.of();
                List<BrokerInfo> brokers = ids(Math.max(before, after)).stream()
                        .map(BrokerInfo::of)
                        .toList();
                PlanInput input = PlanInput.allTopics(start, brokers, Map.of(), drained);
                long t0 = System.nanoTime();
                ReassignmentPlan plan = ReassignmentPlanner.plan(input);
                long plannerMs = (System.nanoTime() - t0) / 1_000_000;
                int lowerBound = ReassignmentPlanner.lowerBoundOfMoves(input);
                AssignmentBalance ours = AssignmentBalance.of(plan.target(), afterIds);
                AssignmentBalance startBalance = AssignmentBalance.of(start, beforeIds);

                out.printf(
                        "%-7s %-5d | %-28s | %-28s | %-11d | %-10.3f | %-12.2f | %d / %d, %d ms%n",
                        before + "->" + after,
                        trial,
                        figures(kafkaMoves, replicas, kafkaBalance),
                        figures(plan.movedReplicas(), replicas, ours),
                        lowerBound,
                        lowerBound == 0 ? 1.0 : (double) plan.movedReplicas() / lowerBound,
                        plan.movedReplicas() == 0 ? 0.0 : (double) kafkaMoves / plan.movedReplicas(),
                        startBalance.replicaSpread(),
                        startBalance.leaderSpread(),
                        plannerMs);
            }
        }
    }

    /** Kafka's proposal for moving all benchmark topics onto {@code brokers}, from the real tool class. */
    private static Assignment kafkaGenerate(Admin admin, List<Integer> brokers) throws Exception {
        String topicsJson = IntStream.range(0, TOPICS)
                .mapToObj(t -> "{\"topic\":\"" + topic(t) + "\"}")
                .collect(Collectors.joining(",", "{\"version\":1,\"topics\":[", "]}"));
        String brokerList = brokers.stream().map(String::valueOf).collect(Collectors.joining(","));
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream())); // the tool prints both JSON documents
        try {
            Map<TopicPartition, List<Integer>> proposed = ReassignPartitionsCommand.generateAssignment(
                            admin, topicsJson, brokerList, false)
                    .getKey();
            return Assignment.of(new HashMap<>(proposed));
        } finally {
            System.setOut(out);
        }
    }

    private static String figures(int moved, int replicas, AssignmentBalance balance) {
        return String.format(
                "%5d (%5.1f%%) %3d / %-3d",
                moved, 100.0 * moved / replicas, balance.replicaSpread(), balance.leaderSpread());
    }

    private static int moves(Assignment from, Assignment to) {
        int moved = 0;
        for (TopicPartition tp : to.partitions()) {
            List<Integer> before = from.replicasOf(tp);
            moved += (int)
                    to.replicasOf(tp).stream().filter(b -> !before.contains(b)).count();
        }
        return moved;
    }

    private static List<Integer> ids(int count) {
        return new ArrayList<>(IntStream.range(0, count).boxed().toList());
    }

    private static String topic(int index) {
        return String.format("bench-%02d", index);
    }
}
