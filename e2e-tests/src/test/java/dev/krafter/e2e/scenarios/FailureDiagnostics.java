package dev.krafter.e2e.scenarios;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaClusterStatus;
import dev.krafter.cluster.ClusterLabels;
import dev.krafter.e2e.cluster.KubernetesTestCluster;
import dev.krafter.e2e.cluster.OperatorInstall;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.e2e.report.FailureReport;
import dev.krafter.status.Conditions;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a scenario fails, describes every KafkaCluster of the cluster as Kubernetes, the network and Kafka see it at
 * that moment (status; pods with their containers' states, restarts and last termination, as {@code kubectl describe}
 * shows them; Services and their endpoints; the namespace's Warning events; partitions out of sync; the brokers' last
 * warnings) and the operator (its pod and last warnings), and adds it to the {@link FailureReport}: enough to tell an
 * operator fault from a harness or cluster fault without re-running the suite.
 */
public final class FailureDiagnostics implements TestExecutionListener {
    private static final Logger LOG = LoggerFactory.getLogger(FailureDiagnostics.class);
    private static final int MAX_PARTITION_LINES = 12;
    private static final int MAX_LOG_LINES = 6;
    private static final int MAX_EVENTS = 10;
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.isTest() || result.getStatus() != TestExecutionResult.Status.FAILED) {
            return;
        }
        ScenarioClusters.started().ifPresent(cluster -> {
            try {
                String diagnosis = "E2E failure diagnostics: " + test.getLegacyReportingName() + " in "
                        + test.getUniqueIdObject().getSegments().stream()
                                .filter(s -> s.getType().equals("class"))
                                .map(s -> s.getValue().substring(s.getValue().lastIndexOf('.') + 1))
                                .findFirst()
                                .orElse("?")
                        + "\n" + describe(cluster);
                LOG.error("{}", diagnosis);
                FailureReport.add(diagnosis);
            } catch (RuntimeException e) {
                LOG.warn("could not describe the clusters after the failure of {}", test.getDisplayName(), e);
            }
        });
    }

    static String describe(TestCluster cluster) {
        StringBuilder out = new StringBuilder();
        for (KafkaCluster kc : cluster.client()
                .resources(KafkaCluster.class)
                .inAnyNamespace()
                .list()
                .getItems()) {
            String namespace = kc.getMetadata().getNamespace();
            String name = kc.getMetadata().getName();
            out.append("  KafkaCluster ")
                    .append(namespace)
                    .append('/')
                    .append(name)
                    .append(": ")
                    .append(status(kc))
                    .append('\n');
            List<Pod> pods = ScenarioSupport.clusterPods(cluster, namespace, name);
            for (Pod pod : pods) {
                out.append("    pod ").append(pod(pod)).append('\n');
                containers(pod).forEach(c -> out.append("      ").append(c).append('\n'));
            }
            cluster.networkFacts(namespace)
                    .forEach(fact -> out.append("    ").append(fact).append('\n'));
            String bootstrap;
            try {
                bootstrap = cluster.bootstrapAddress(namespace, name, null);
            } catch (RuntimeException e) {
                bootstrap = null;
                out.append("    Kafka not reachable from the test JVM: ")
                        .append(e.getMessage())
                        .append('\n');
            }
            if (bootstrap != null) {
                kafka(bootstrap).forEach(line -> out.append("    ").append(line).append('\n'));
            }
            warningEvents(cluster, namespace)
                    .forEach(line -> out.append("    ").append(line).append('\n'));
            for (Pod pod : pods) {
                List<String> warnings = cluster.logTail(
                                namespace, pod.getMetadata().getName(), 400)
                        .lines()
                        .filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                        .toList();
                for (String line : warnings.subList(Math.max(0, warnings.size() - MAX_LOG_LINES), warnings.size())) {
                    out.append("    log ")
                            .append(pod.getMetadata().getName())
                            .append(": ")
                            .append(line)
                            .append('\n');
                }
            }
        }
        if (cluster instanceof KubernetesTestCluster kubernetes) {
            operator(kubernetes).forEach(line -> out.append("  ").append(line).append('\n'));
        }
        return out.toString();
    }

    /** The operator's pods and the last WARN/ERROR lines of their logs. */
    private static List<String> operator(KubernetesTestCluster cluster) {
        List<String> lines = new ArrayList<>();
        try {
            for (Pod pod : cluster.operatorPods()) {
                lines.add("operator pod " + pod(pod));
                containers(pod).forEach(c -> lines.add("  " + c));
                List<String> warnings = cluster.logTail(
                                OperatorInstall.NAMESPACE, pod.getMetadata().getName(), 2000)
                        .lines()
                        .filter(line -> line.contains("WARN") || line.contains("ERROR"))
                        .toList();
                for (String line :
                        warnings.subList(Math.max(0, warnings.size() - 2 * MAX_LOG_LINES), warnings.size())) {
                    lines.add("  log: " + line);
                }
            }
            if (lines.isEmpty()) {
                lines.add("no operator pod in " + OperatorInstall.NAMESPACE);
            }
        } catch (RuntimeException e) {
            lines.add("the operator could not be described: " + e);
        }
        return lines;
    }

    /** The namespace's last Warning events, oldest first, as {@code kubectl get events} lists them. */
    private static List<String> warningEvents(TestCluster cluster, String namespace) {
        try {
            List<Event> events = new ArrayList<>(cluster.client()
                    .v1()
                    .events()
                    .inNamespace(namespace)
                    .withField("type", "Warning")
                    .list()
                    .getItems());
            events.sort(Comparator.comparing(FailureDiagnostics::eventTime));
            return events.subList(Math.max(0, events.size() - MAX_EVENTS), events.size()).stream()
                    .map(e -> "event " + eventTime(e) + " "
                            + e.getInvolvedObject().getKind() + "/"
                            + e.getInvolvedObject().getName() + " " + e.getReason() + " (x"
                            + (e.getCount() == null ? 1 : e.getCount()) + "): " + e.getMessage())
                    .toList();
        } catch (RuntimeException e) {
            return List.of("events could not be listed: " + e);
        }
    }

    private static String eventTime(Event event) {
        return event.getLastTimestamp() != null
                ? event.getLastTimestamp()
                : event.getEventTime() != null
                        ? event.getEventTime().getTime()
                        : String.valueOf(event.getMetadata().getCreationTimestamp());
    }

    /** Each container's state as {@code kubectl describe pod} shows it: state, reason, last termination. */
    private static List<String> containers(Pod pod) {
        List<String> lines = new ArrayList<>();
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return lines;
        }
        for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
            ContainerState state = status.getState();
            String now = state == null
                    ? "?"
                    : state.getRunning() != null
                            ? "Running since " + state.getRunning().getStartedAt()
                            : state.getWaiting() != null
                                    ? "Waiting " + state.getWaiting().getReason()
                                            + (state.getWaiting().getMessage() == null
                                                    ? ""
                                                    : ": " + state.getWaiting().getMessage())
                                    : state.getTerminated() != null
                                            ? "Terminated " + terminated(state.getTerminated())
                                            : "?";
            ContainerState last = status.getLastState();
            lines.add("container " + status.getName() + " " + now + ", ready=" + status.getReady() + ", restarts="
                    + status.getRestartCount()
                    + (last == null || last.getTerminated() == null
                            ? ""
                            : ", last terminated " + terminated(last.getTerminated()))
                    + ", image " + status.getImage());
        }
        return lines;
    }

    private static String terminated(ContainerStateTerminated terminated) {
        return terminated.getReason() + " (exit code " + terminated.getExitCode() + ") at " + terminated.getFinishedAt()
                + (terminated.getMessage() == null
                        ? ""
                        : ": " + terminated.getMessage().trim());
    }

    private static String status(KafkaCluster kc) {
        KafkaClusterStatus status = kc.getStatus();
        if (status == null) {
            return "no status";
        }
        String ready = ScenarioSupport.condition(kc, Conditions.READY)
                .map(c -> "Ready=" + c.getStatus() + " " + c.getReason() + " (" + c.getMessage() + ")")
                .orElse("no Ready");
        String operation = status.getOperation() == null
                ? ""
                : ", operation " + status.getOperation().getType() + " "
                        + status.getOperation().getPhase();
        var partitions = status.getPartitions();
        return ready
                + operation
                + (partitions == null
                        ? ""
                        : ", partitions under-replicated "
                                + partitions.getUnderReplicated() + " under-min-ISR " + partitions.getUnderMinIsr()
                                + " offline "
                                + partitions.getOffline());
    }

    private static String pod(Pod pod) {
        String restarts = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                ? "?"
                : String.valueOf(pod.getStatus().getContainerStatuses().stream()
                        .mapToInt(ContainerStatus::getRestartCount)
                        .sum());
        boolean ready = pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        return pod.getMetadata().getName() + " "
                + (pod.getStatus() == null ? "?" : pod.getStatus().getPhase())
                + (pod.getMetadata().getDeletionTimestamp() != null ? " Terminating" : "") + " ready=" + ready
                + " restarts=" + restarts + " podIP="
                + (pod.getStatus() == null ? null : pod.getStatus().getPodIP())
                + " node=" + pod.getSpec().getNodeName() + " pool="
                + pod.getMetadata().getLabels().get(ClusterLabels.POOL)
                + (pod.getStatus() == null || pod.getStatus().getConditions() == null
                        ? ""
                        : " conditions "
                                + pod.getStatus().getConditions().stream()
                                        .filter(c -> !"True".equals(c.getStatus()))
                                        .map(c -> c.getType() + "=" + c.getStatus()
                                                + (c.getReason() == null ? "" : " " + c.getReason())
                                                + (c.getMessage() == null ? "" : ": " + c.getMessage()))
                                        .toList());
    }

    /** Brokers as Kafka lists them, and the partitions whose ISR is short of their replicas or that have no leader. */
    private static List<String> kafka(String bootstrap) {
        List<String> lines = new ArrayList<>();
        try (Admin admin = ScenarioSupport.admin(bootstrap, KAFKA_TIMEOUT)) {
            lines.add("Kafka brokers: "
                    + admin.describeCluster().nodes().get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
                            .map(Node::toString)
                            .toList());
            var topics = admin.describeTopics(
                            admin.listTopics().names().get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .allTopicNames()
                    .get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            int outOfSync = 0;
            for (TopicDescription topic : topics.values()) {
                for (TopicPartitionInfo partition : topic.partitions()) {
                    if (partition.leader() == null
                            || partition.isr().size() < partition.replicas().size()) {
                        if (outOfSync++ < MAX_PARTITION_LINES) {
                            lines.add("partition " + topic.name() + "-" + partition.partition() + " leader "
                                    + (partition.leader() == null
                                            ? "none"
                                            : partition.leader().id()) + " replicas "
                                    + partition.replicas().stream()
                                            .map(Node::id)
                                            .toList() + " isr "
                                    + partition.isr().stream().map(Node::id).toList());
                        }
                    }
                }
            }
            lines.add(outOfSync + " partition(s) out of sync of "
                    + topics.values().stream()
                            .mapToInt(t -> t.partitions().size())
                            .sum());
        } catch (Exception e) {
            lines.add("Kafka at " + bootstrap + " could not be described: " + e);
        }
        return lines;
    }
}
