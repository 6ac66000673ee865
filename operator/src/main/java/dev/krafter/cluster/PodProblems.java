package dev.krafter.cluster;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Why node pods are not running, as Kubernetes reports it: the scheduler's verdict, the data claim, the container's
 * waiting reason or last termination, and the StatefulSet's FailedCreate Events for a pod it cannot create. Pure: from
 * the objects as read, at most one problem per pod, with the time Kubernetes recorded for its start ("since"), so an
 * operator restart does not reset it.
 */
public final class PodProblems {
    /** Kubernetes keeps 4096 bytes of a termination message; status and conditions need less. */
    static final int MAX_MESSAGE = 1024;

    private static final Set<String> IMAGE_PULL =
            Set.of("ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull", "InvalidImageName");
    private static final Set<String> CANNOT_START =
            Set.of("CreateContainerConfigError", "CreateContainerError", "RunContainerError");
    private static final String CRASH_LOOP = "CrashLoopBackOff";
    private static final String OOM = "OOMKilled";
    private static final String FAILED_CREATE = "FailedCreate";

    private PodProblems() {}

    /** One pod's problem; {@code since} is empty where Kubernetes recorded no time. */
    public record Problem(String pod, String reason, String message, Optional<Instant> since) {}

    /**
     * The problems of the pods of {@code sets}: a pod that exists but is not Ready, or a pod the StatefulSet should have
     * and did not create. Pods being deleted are left out (a roll or scale-down deletes them on purpose).
     *
     * @param claims the claims of the cluster's pods (any order)
     * @param events Events about the StatefulSets and the claims (any order; others are ignored)
     */
    public static List<Problem> of(
            List<StatefulSet> sets, List<Pod> pods, List<PersistentVolumeClaim> claims, List<Event> events) {
        Map<String, Pod> podsByName = pods.stream()
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), Function.identity(), (a, b) -> a));
        Map<String, PersistentVolumeClaim> claimsByName = claims.stream()
                .collect(Collectors.toMap(c -> c.getMetadata().getName(), Function.identity(), (a, b) -> a));
        List<Problem> problems = new ArrayList<>();
        for (StatefulSet set : sets) {
            String setName = set.getMetadata().getName();
            int replicas =
                    set.getSpec().getReplicas() == null ? 0 : set.getSpec().getReplicas();
            List<String> missing = new ArrayList<>();
            for (int ordinal = 0; ordinal < replicas; ordinal++) {
                String podName = ClusterNames.podName(setName, ordinal);
                Pod pod = podsByName.get(podName);
                if (pod == null) {
                    missing.add(podName);
                } else if (pod.getMetadata().getDeletionTimestamp() == null && !NodeStates.isReady(pod)) {
                    ofPod(pod, claimsByName, events).ifPresent(problems::add);
                }
            }
            if (!missing.isEmpty()) {
                createFailed(set, missing, events).ifPresent(problems::add);
            }
        }
        return problems;
    }

    /**
     * The problem that has lasted at least {@code after} at {@code now}, the longest-lasting first; a problem without a
     * time never stalls.
     */
    public static Optional<Problem> lastingLongerThan(List<Problem> problems, Duration after, Instant now) {
        return problems.stream()
                .filter(p ->
                        p.since().isPresent() && !p.since().get().plus(after).isAfter(now))
                .min(Comparator.comparing(p -> p.since().get()));
    }

    /** How long until the next problem has lasted {@code after}: when to look again. Empty when none is waiting. */
    public static Optional<Duration> untilNextStall(List<Problem> problems, Duration after, Instant now) {
        return problems.stream()
                .filter(p ->
                        p.since().isPresent() && p.since().get().plus(after).isAfter(now))
                .map(p -> Duration.between(now, p.since().get().plus(after)))
                .min(Comparator.naturalOrder());
    }

    /** The one problem of a pod that exists and is not Ready, if Kubernetes reports one. */
    static Optional<Problem> ofPod(Pod pod, Map<String, PersistentVolumeClaim> claims, List<Event> events) {
        String name = pod.getMetadata().getName();
        Optional<PodCondition> scheduled = condition(pod, "PodScheduled");
        if (scheduled.isPresent() && "False".equals(scheduled.get().getStatus())) {
            Optional<Problem> volume = unboundClaim(pod, claims, events);
            if (volume.isPresent()) {
                return volume;
            }
            if ("Unschedulable".equals(scheduled.get().getReason())) {
                return Optional.of(new Problem(
                        name,
                        ClusterReasons.POD_UNSCHEDULABLE,
                        shortened(orEmpty(scheduled.get().getMessage(), "no node fits the pod")),
                        time(scheduled.get().getLastTransitionTime())));
            }
            return Optional.empty();
        }
        Optional<Instant> notReadySince = condition(pod, "Ready")
                .filter(c -> "False".equals(c.getStatus()))
                .flatMap(c -> time(c.getLastTransitionTime()))
                .or(() -> time(pod.getMetadata().getCreationTimestamp()));
        return Stream.concat(
                        statuses(
                                pod.getStatus() == null ? null : pod.getStatus().getInitContainerStatuses()),
                        statuses(
                                pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses()))
                .map(container -> ofContainer(name, container, notReadySince))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * A container that cannot run: its image, its creation, or a crash loop. A container that exited and runs again
     * after one restart is not a loop yet (a broker may take a while to recover its logs); from the second restart, or
     * once the kubelet backs off, it is.
     */
    static Optional<Problem> ofContainer(String pod, ContainerStatus container, Optional<Instant> since) {
        ContainerStateWaiting waiting =
                container.getState() == null ? null : container.getState().getWaiting();
        String waitingReason = waiting == null || waiting.getReason() == null ? "" : waiting.getReason();
        String prefix = "container " + container.getName() + ": ";
        if (IMAGE_PULL.contains(waitingReason)) {
            return Optional.of(new Problem(
                    pod,
                    ClusterReasons.IMAGE_PULL_FAILED,
                    shortened(prefix + "image " + container.getImage() + " cannot be used: "
                            + pullError(waitingReason, waiting.getMessage())),
                    since));
        }
        if (CANNOT_START.contains(waitingReason)) {
            return Optional.of(new Problem(
                    pod,
                    ClusterReasons.CONTAINER_CANNOT_START,
                    shortened(prefix + waitingReason + ": " + orEmpty(waiting.getMessage(), "")),
                    since));
        }
        if (Boolean.TRUE.equals(container.getReady())) {
            return Optional.empty();
        }
        ContainerStateTerminated last =
                container.getState() != null && container.getState().getTerminated() != null
                        ? container.getState().getTerminated()
                        : container.getLastState() == null
                                ? null
                                : container.getLastState().getTerminated();
        int restarts = container.getRestartCount() == null ? 0 : container.getRestartCount();
        boolean looping = CRASH_LOOP.equals(waitingReason) || (last != null && restarts >= 2);
        if (!looping || last == null) {
            return Optional.empty();
        }
        boolean oom = OOM.equals(last.getReason());
        // No restart count: the message stays the same from one crash to the next, so does the condition.
        StringBuilder message = new StringBuilder(prefix)
                .append(oom ? "killed for exceeding its memory limit, " : "keeps exiting, ")
                .append("last exit: ")
                .append(orEmpty(last.getReason(), "unknown reason"))
                .append(", exit code ")
                .append(last.getExitCode());
        if (last.getMessage() != null && !last.getMessage().isBlank()) {
            message.append(": ").append(lastLines(last.getMessage()));
        }
        return Optional.of(new Problem(
                pod,
                oom ? ClusterReasons.OOM_KILLED : ClusterReasons.CRASH_LOOPING,
                shortened(message.toString()),
                since));
    }

    /**
     * The kubelet alternates ErrImagePull (the pull error) and ImagePullBackOff ("Back-off pulling image "x": the
     * error"); both say the same, and the message must not flip between them.
     */
    static String pullError(String reason, String message) {
        String detail = orEmpty(message, reason);
        if (detail.startsWith("Back-off pulling image")) {
            int colon = detail.indexOf("\": ");
            detail = colon < 0 ? "" : detail.substring(colon + 3);
        }
        if (detail.startsWith("ErrImagePull: ")) {
            detail = detail.substring("ErrImagePull: ".length());
        }
        return detail.isBlank() ? "ErrImagePull" : detail;
    }

    /** The first claim of the pod that is not Bound, with its storage class and the latest Event about it. */
    static Optional<Problem> unboundClaim(Pod pod, Map<String, PersistentVolumeClaim> claims, List<Event> events) {
        List<Volume> volumes = pod.getSpec() == null || pod.getSpec().getVolumes() == null
                ? List.of()
                : pod.getSpec().getVolumes();
        for (Volume volume : volumes) {
            if (volume.getPersistentVolumeClaim() == null) {
                continue;
            }
            String claimName = volume.getPersistentVolumeClaim().getClaimName();
            PersistentVolumeClaim claim = claims.get(claimName);
            String phase = claim == null || claim.getStatus() == null
                    ? null
                    : claim.getStatus().getPhase();
            if ("Bound".equals(phase)) {
                continue;
            }
            if (claim == null) {
                return Optional.of(new Problem(
                        pod.getMetadata().getName(),
                        ClusterReasons.VOLUME_NOT_BOUND,
                        "claim " + claimName + " does not exist",
                        condition(pod, "PodScheduled").flatMap(c -> time(c.getLastTransitionTime()))));
            }
            String storageClass =
                    claim.getSpec() == null ? null : claim.getSpec().getStorageClassName();
            StringBuilder message = new StringBuilder("claim ")
                    .append(claimName)
                    .append(" (storage class ")
                    .append(storageClass == null ? "<cluster default>" : storageClass)
                    .append(") is ")
                    .append(orEmpty(phase, "Pending"));
            latest(events, "PersistentVolumeClaim", claimName, e -> true)
                    .ifPresent(e -> message.append(": ")
                            .append(e.getReason())
                            .append(": ")
                            .append(e.getMessage()));
            return Optional.of(new Problem(
                    pod.getMetadata().getName(),
                    ClusterReasons.VOLUME_NOT_BOUND,
                    shortened(message.toString()),
                    time(claim.getMetadata().getCreationTimestamp())));
        }
        return Optional.empty();
    }

    /**
     * The StatefulSet's latest FailedCreate Event, for the missing pod it names (else the first missing one), since the
     * Event first occurred. No Event, no problem: the StatefulSet controller may simply not have got to it yet.
     */
    static Optional<Problem> createFailed(StatefulSet set, List<String> missing, List<Event> events) {
        return latest(events, "StatefulSet", set.getMetadata().getName(), e -> FAILED_CREATE.equals(e.getReason()))
                .map(e -> {
                    String message = orEmpty(e.getMessage(), "");
                    String pod = missing.stream()
                            .filter(p -> message.contains("Pod " + p + " "))
                            .findFirst()
                            .orElse(missing.get(0));
                    return new Problem(
                            pod,
                            ClusterReasons.POD_CREATE_FAILED,
                            shortened("StatefulSet " + set.getMetadata().getName() + ": " + message),
                            time(e.getFirstTimestamp()).or(() -> eventTime(e)));
                });
    }

    private static Optional<Event> latest(List<Event> events, String kind, String name, Predicate<Event> filter) {
        return events.stream()
                .filter(e -> e.getInvolvedObject() != null
                        && kind.equals(e.getInvolvedObject().getKind())
                        && name.equals(e.getInvolvedObject().getName()))
                .filter(filter)
                .max(Comparator.comparing(e -> eventTime(e).orElse(Instant.EPOCH)));
    }

    /** When the Event last occurred: lastTimestamp, else eventTime (events.k8s.io writers), else firstTimestamp. */
    private static Optional<Instant> eventTime(Event e) {
        return time(e.getLastTimestamp())
                .or(() -> e.getEventTime() == null
                        ? Optional.empty()
                        : time(e.getEventTime().getTime()))
                .or(() -> time(e.getFirstTimestamp()));
    }

    private static Optional<PodCondition> condition(Pod pod, String type) {
        return pod.getStatus() == null || pod.getStatus().getConditions() == null
                ? Optional.empty()
                : pod.getStatus().getConditions().stream()
                        .filter(c -> type.equals(c.getType()))
                        .findFirst();
    }

    private static Stream<ContainerStatus> statuses(List<ContainerStatus> statuses) {
        return statuses == null ? Stream.empty() : statuses.stream().filter(Objects::nonNull);
    }

    static Optional<Instant> time(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The last lines of a termination message, on one line: where the error is. With FallbackToLogsOnError the message
     * is the log's tail, often a stack trace, whose frames say less than the exception lines above them.
     */
    static String lastLines(String message) {
        List<String> lines = message.strip()
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty()
                        && !l.startsWith("at ")
                        && !l.matches("\\.\\.\\. [0-9]+ (more|common frames omitted)"))
                .toList();
        String joined = String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        return joined.length() <= MAX_MESSAGE / 2
                ? joined
                : "..." + joined.substring(joined.length() - MAX_MESSAGE / 2);
    }

    private static String shortened(String message) {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
    }

    private static String orEmpty(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }
}
