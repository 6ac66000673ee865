package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The diagnosis from objects as the API server returns them: the status blocks below are what the scheduler, the
 * kubelet, the PV controller and the StatefulSet controller write (taken from a real cluster, names shortened).
 */
class PodProblemsTest {
    private static final StatefulSet BROKERS = Serialization.unmarshal("""
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: demo-broker, namespace: kafka}
            spec:
              replicas: 3
              selector: {matchLabels: {krafter.dev/cluster: demo}}
              template: {spec: {containers: [{name: kafka, image: krafter/kafka:4.4.0}]}}
            """, StatefulSet.class);

    private static Pod pod(String name, String status) {
        return Serialization.unmarshal("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: kafka, creationTimestamp: "2026-03-01T10:00:00Z"}
                spec:
                  containers: [{name: kafka, image: krafter/kafka:4.4.0}]
                  volumes:
                  - name: data
                    persistentVolumeClaim: {claimName: data-%s}
                status:
                %s
                """.formatted(name, name, status.indent(2)), Pod.class);
    }

    private static Pod ready(String name) {
        return pod(name, """
                phase: Running
                conditions:
                - {type: PodScheduled, status: "True", lastTransitionTime: "2026-03-01T10:00:00Z"}
                - {type: Ready, status: "True", lastTransitionTime: "2026-03-01T10:00:30Z"}
                containerStatuses:
                - name: kafka
                  image: krafter/kafka:4.4.0
                  ready: true
                  restartCount: 0
                  state: {running: {startedAt: "2026-03-01T10:00:05Z"}}
                """);
    }

    private static PersistentVolumeClaim claim(String name, String phase, String storageClass) {
        return Serialization.unmarshal("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: %s, namespace: kafka, creationTimestamp: "2026-03-01T09:59:58Z"}
                spec: {accessModes: [ReadWriteOnce], storageClassName: %s, resources: {requests: {storage: 1Gi}}}
                status: {phase: %s}
                """.formatted(name, storageClass, phase), PersistentVolumeClaim.class);
    }

    private static Event event(String kind, String name, String reason, String message, String first, String last) {
        return Serialization.unmarshal(
                """
                apiVersion: v1
                kind: Event
                metadata: {name: %s.1, namespace: kafka}
                involvedObject: {kind: %s, name: %s, namespace: kafka}
                reason: %s
                message: '%s'
                type: Warning
                count: 7
                firstTimestamp: "%s"
                lastTimestamp: "%s"
                """.formatted(name, kind, name, reason, message.replace("'", "''"), first, last), Event.class);
    }

    private static List<PodProblems.Problem> diagnose(
            List<Pod> pods, List<PersistentVolumeClaim> claims, List<Event> events) {
        return PodProblems.of(List.of(BROKERS), pods, claims, events);
    }

    private static final List<PersistentVolumeClaim> BOUND = List.of(
            claim("data-demo-broker-0", "Bound", "standard"),
            claim("data-demo-broker-1", "Bound", "standard"),
            claim("data-demo-broker-2", "Bound", "standard"));

    @Test
    void readyPodsHaveNoProblem() {
        assertThat(diagnose(
                        List.of(ready("demo-broker-0"), ready("demo-broker-1"), ready("demo-broker-2")),
                        BOUND,
                        List.of()))
                .isEmpty();
    }

    @Test
    void anUnschedulablePodCarriesTheSchedulersMessageSinceTheConditionChanged() {
        Pod pending = pod("demo-broker-2", """
                phase: Pending
                conditions:
                - type: PodScheduled
                  status: "False"
                  reason: Unschedulable
                  lastTransitionTime: "2026-03-01T10:00:01Z"
                  message: '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.'
                """);

        assertThat(diagnose(List.of(ready("demo-broker-0"), ready("demo-broker-1"), pending), BOUND, List.of()))
                .containsExactly(new PodProblems.Problem(
                        "demo-broker-2",
                        ClusterReasons.POD_UNSCHEDULABLE,
                        "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No"
                                + " preemption victims found for incoming pod.",
                        Optional.of(Instant.parse("2026-03-01T10:00:01Z"))));
    }

    @Test
    void aPendingClaimNamesTheClaimItsStorageClassAndTheProvisionersEventSinceTheClaimWasCreated() {
        Pod pending = pod("demo-broker-0", """
                phase: Pending
                conditions:
                - type: PodScheduled
                  status: "False"
                  reason: Unschedulable
                  lastTransitionTime: "2026-03-01T10:00:01Z"
                  message: '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.'
                """);
        List<Event> events = List.of(
                event(
                        "PersistentVolumeClaim",
                        "data-demo-broker-0",
                        "ProvisioningFailed",
                        "storageclass.storage.k8s.io \"fast-ssd\" not found",
                        "2026-03-01T09:59:58Z",
                        "2026-03-01T10:04:13Z"),
                event(
                        "PersistentVolumeClaim",
                        "data-demo-broker-1",
                        "ProvisioningFailed",
                        "another claim",
                        "2026-03-01T09:59:58Z",
                        "2026-03-01T10:05:13Z"));

        List<PodProblems.Problem> problems = diagnose(
                List.of(pending, ready("demo-broker-1"), ready("demo-broker-2")),
                List.of(claim("data-demo-broker-0", "Pending", "fast-ssd")),
                events);

        assertThat(problems)
                .containsExactly(new PodProblems.Problem(
                        "demo-broker-0",
                        ClusterReasons.VOLUME_NOT_BOUND,
                        "claim data-demo-broker-0 (storage class fast-ssd) is Pending: ProvisioningFailed:"
                                + " storageclass.storage.k8s.io \"fast-ssd\" not found",
                        Optional.of(Instant.parse("2026-03-01T09:59:58Z"))));
    }

    @Test
    void anImageThatCannotBePulledSaysTheSameWhetherTheKubeletIsPullingOrBackingOff() {
        String pullError = "failed to pull and unpack image \"docker.io/krafter/kafka:9.9.9\": failed to resolve"
                + " reference \"docker.io/krafter/kafka:9.9.9\": dial tcp: lookup registry-1.docker.io: no such host";
        Pod pulling = pod("demo-broker-0", waitingStatus("ErrImagePull", pullError));
        Pod backingOff = pod(
                "demo-broker-0",
                waitingStatus(
                        "ImagePullBackOff",
                        "Back-off pulling image \"krafter/kafka:9.9.9\": ErrImagePull: " + pullError));

        PodProblems.Problem whilePulling =
                diagnose(List.of(pulling), BOUND, List.of()).get(0);
        PodProblems.Problem whileBackingOff =
                diagnose(List.of(backingOff), BOUND, List.of()).get(0);

        assertThat(whilePulling).isEqualTo(whileBackingOff);
        assertThat(whilePulling.reason()).isEqualTo(ClusterReasons.IMAGE_PULL_FAILED);
        assertThat(whilePulling.message())
                .isEqualTo("container kafka: image krafter/kafka:9.9.9 cannot be used: " + pullError);
        assertThat(whilePulling.since()).contains(Instant.parse("2026-03-01T10:00:02Z"));
    }

    @Test
    void anImageNotPresentOnTheNodeWithPullPolicyNever() {
        Pod pod = pod(
                "demo-broker-0",
                waitingStatus(
                        "ErrImageNeverPull",
                        "Container image \"krafter/kafka:bad\" is not present with pull policy of Never"));

        assertThat(diagnose(List.of(pod), BOUND, List.of()).get(0).message())
                .isEqualTo("container kafka: image"
                        + " krafter/kafka:9.9.9 cannot be used: Container image \"krafter/kafka:bad\" is not present with pull"
                        + " policy of Never");
    }

    @Test
    void aMissingSecretStopsTheContainerFromBeingCreated() {
        Pod pod = pod("demo-broker-0", waitingStatus("CreateContainerConfigError", "secret \"tls\" not found"));

        assertThat(diagnose(List.of(pod), BOUND, List.of()).get(0))
                .extracting(PodProblems.Problem::reason, PodProblems.Problem::message)
                .containsExactly(
                        ClusterReasons.CONTAINER_CANNOT_START,
                        "container kafka: CreateContainerConfigError: secret \"tls\" not found");
    }

    private static String waitingStatus(String reason, String message) {
        return """
                phase: Pending
                conditions:
                - {type: PodScheduled, status: "True", lastTransitionTime: "2026-03-01T10:00:01Z"}
                - {type: Ready, status: "False", reason: ContainersNotReady, lastTransitionTime: "2026-03-01T10:00:02Z"}
                containerStatuses:
                - name: kafka
                  image: krafter/kafka:9.9.9
                  ready: false
                  restartCount: 0
                  state:
                    waiting:
                      reason: %s
                      message: '%s'
                """.formatted(reason, message.replace("'", "''"));
    }

    private static String crashStatus(String waiting, int restarts, String lastReason, int exitCode, String message) {
        return """
                phase: Running
                conditions:
                - {type: PodScheduled, status: "True", lastTransitionTime: "2026-03-01T10:00:01Z"}
                - {type: Ready, status: "False", reason: ContainersNotReady, lastTransitionTime: "2026-03-01T10:00:02Z"}
                containerStatuses:
                - name: kafka
                  image: krafter/kafka:4.4.0
                  ready: false
                  restartCount: %d
                  state: %s
                  lastState:
                    terminated:
                      reason: %s
                      exitCode: %d
                      startedAt: "2026-03-01T10:03:40Z"
                      finishedAt: "2026-03-01T10:03:44Z"
                %s
                """.formatted(
                        restarts,
                        waiting,
                        lastReason,
                        exitCode,
                        message.isEmpty()
                                ? ""
                                : ("message: |\n" + message.indent(2)).indent(6).stripTrailing());
    }

    @Test
    void aCrashLoopCarriesTheLastExitCodeAndTheEndOfTheTerminationMessageWithoutTheStackFrames() {
        Pod pod = pod(
                "demo-broker-1",
                crashStatus(
                        "{waiting: {reason: CrashLoopBackOff, message: 'back-off 1m20s"
                                + " restarting failed container=kafka pod=demo-broker-1_kafka(1234)'}}",
                        4,
                        "Error",
                        1,
                        """
                [2026-03-01 10:03:44,120] ERROR Exiting Kafka due to fatal exception (kafka.Kafka$)
                org.apache.kafka.common.config.ConfigException: Invalid value many for configuration num.network.threads: Not a number of type INT
                \tat org.apache.kafka.common.config.ConfigDef.parseType(ConfigDef.java:771)
                \tat kafka.Kafka.main(Kafka.scala:90)
                ... 3 more"""));

        List<PodProblems.Problem> problems =
                diagnose(List.of(ready("demo-broker-0"), pod, ready("demo-broker-2")), BOUND, List.of());

        assertThat(problems)
                .containsExactly(new PodProblems.Problem(
                        "demo-broker-1",
                        ClusterReasons.CRASH_LOOPING,
                        "container kafka: keeps exiting, last exit: Error, exit code 1: [2026-03-01 10:03:44,120] ERROR Exiting"
                                + " Kafka due to fatal exception (kafka.Kafka$) | org.apache.kafka.common.config.ConfigException:"
                                + " Invalid value many for configuration num.network.threads: Not a number of type INT",
                        Optional.of(Instant.parse("2026-03-01T10:00:02Z"))));
    }

    @Test
    void aContainerKilledForItsMemoryIsOomKilled() {
        Pod pod = pod("demo-broker-0", crashStatus("{waiting: {reason: CrashLoopBackOff}}", 2, "OOMKilled", 137, ""));

        assertThat(diagnose(List.of(pod), BOUND, List.of()).get(0))
                .extracting(PodProblems.Problem::reason, PodProblems.Problem::message)
                .containsExactly(
                        ClusterReasons.OOM_KILLED,
                        "container kafka: killed for exceeding its memory limit, last exit: OOMKilled, exit code 137");
    }

    @Test
    void aLoopIsAlsoSeenWhileTheContainerRunsAgainBetweenCrashesButNotAfterASingleRestart() {
        String running = "{running: {startedAt: \"2026-03-01T10:05:00Z\"}}";
        Pod second = pod("demo-broker-0", crashStatus(running, 2, "Error", 1, "krafter-entrypoint: ERROR: bad"));
        Pod first = pod("demo-broker-0", crashStatus(running, 1, "Error", 1, "krafter-entrypoint: ERROR: bad"));

        assertThat(diagnose(List.of(second), BOUND, List.of()))
                .extracting(PodProblems.Problem::reason)
                .containsExactly(ClusterReasons.CRASH_LOOPING);
        assertThat(diagnose(List.of(first), BOUND, List.of())).isEmpty();
    }

    @Test
    void aPodTheStatefulSetCannotCreateIsNamedWithTheRefusalSinceItsFirstEvent() {
        List<Event> events = List.of(
                event(
                        "StatefulSet",
                        "demo-broker",
                        "FailedCreate",
                        "create Pod demo-broker-2 in StatefulSet"
                                + " demo-broker failed error: pods \"demo-broker-2\" is forbidden: exceeded quota: pods,"
                                + " requested: pods=1, used: pods=2, limited: pods=2",
                        "2026-03-01T10:00:00Z",
                        "2026-03-01T10:06:00Z"),
                event(
                        "StatefulSet",
                        "other-broker",
                        "FailedCreate",
                        "not ours",
                        "2026-03-01T09:00:00Z",
                        "2026-03-01T10:07:00Z"));

        List<PodProblems.Problem> problems =
                diagnose(List.of(ready("demo-broker-0"), ready("demo-broker-1")), BOUND, events);

        assertThat(problems)
                .containsExactly(new PodProblems.Problem(
                        "demo-broker-2",
                        ClusterReasons.POD_CREATE_FAILED,
                        "StatefulSet demo-broker: create Pod demo-broker-2 in StatefulSet demo-broker failed error: pods"
                                + " \"demo-broker-2\" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2,"
                                + " limited: pods=2",
                        Optional.of(Instant.parse("2026-03-01T10:00:00Z"))));
    }

    @Test
    void aMissingPodWithoutAnEventIsNotAProblemYet() {
        assertThat(diagnose(List.of(ready("demo-broker-0")), BOUND, List.of())).isEmpty();
    }

    @Test
    void aPodBeingDeletedIsLeftOut() {
        Pod deleting = pod("demo-broker-0", waitingStatus("ImagePullBackOff", "Back-off pulling image \"x\""));
        deleting.getMetadata().setDeletionTimestamp("2026-03-01T10:10:00Z");

        assertThat(diagnose(List.of(deleting), BOUND, List.of())).isEmpty();
    }

    @Test
    void aProblemStallsOnceItLastedTheConfiguredTimeAndSaysWhenToLookAgainBefore() {
        Instant since = Instant.parse("2026-03-01T10:00:00Z");
        PodProblems.Problem older =
                new PodProblems.Problem("p-0", ClusterReasons.CRASH_LOOPING, "m", Optional.of(since));
        PodProblems.Problem newer = new PodProblems.Problem(
                "p-1", ClusterReasons.POD_UNSCHEDULABLE, "m", Optional.of(since.plusSeconds(60)));
        PodProblems.Problem timeless =
                new PodProblems.Problem("p-2", ClusterReasons.POD_CREATE_FAILED, "m", Optional.empty());
        List<PodProblems.Problem> problems = List.of(newer, timeless, older);
        Duration after = Duration.ofMinutes(5);

        assertThat(PodProblems.lastingLongerThan(problems, after, since.plusSeconds(299)))
                .isEmpty();
        assertThat(PodProblems.untilNextStall(problems, after, since.plusSeconds(299)))
                .contains(Duration.ofSeconds(1));
        assertThat(PodProblems.lastingLongerThan(problems, after, since.plusSeconds(300)))
                .contains(older);
        assertThat(PodProblems.untilNextStall(problems, after, since.plusSeconds(300)))
                .contains(Duration.ofSeconds(60));
        assertThat(PodProblems.lastingLongerThan(problems, after, since.plusSeconds(400)))
                .contains(older);
        assertThat(PodProblems.untilNextStall(problems, after, since.plusSeconds(400)))
                .isEmpty();
        assertThat(PodProblems.lastingLongerThan(List.of(timeless), after, since.plusSeconds(86_400)))
                .isEmpty();
    }
}
