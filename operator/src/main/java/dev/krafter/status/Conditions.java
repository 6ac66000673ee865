package dev.krafter.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Builds kstatus conditions from a {@link Health}, keeping lastTransitionTime unless the status flips. */
public final class Conditions {
    public static final String READY = "Ready";
    public static final String RECONCILING = "Reconciling";
    public static final String STALLED = "Stalled";

    private Conditions() {}

    /**
     * The conditions for {@code health} at {@code generation}. Conditions of other types in {@code previous} (for
     * example a kind's own warning conditions) are kept as they are.
     */
    public static List<Condition> apply(List<Condition> previous, Health health, long generation, Clock clock) {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        boolean ready = health.state() == Health.State.READY;
        boolean reconciling = health.state() == Health.State.PROGRESSING;
        boolean stalled = health.state() == Health.State.STALLED;
        boolean quiet = health.state() == Health.State.PAUSED || health.state() == Health.State.DEGRADED;
        String quietReason = ready || quiet ? health.reason() : Reasons.NOT_APPLICABLE;
        List<Condition> result = new ArrayList<>();
        result.add(condition(previous, READY, ready, health.reason(), health.message(), generation, now));
        result.add(condition(
                previous,
                RECONCILING,
                reconciling,
                reconciling ? health.reason() : quietReason,
                reconciling ? health.message() : "",
                generation,
                now));
        result.add(condition(
                previous,
                STALLED,
                stalled,
                stalled ? health.reason() : quietReason,
                stalled ? health.message() : "",
                generation,
                now));
        return withOthers(previous, result);
    }

    /**
     * Sets or replaces one extra condition (a kind's own type, such as DataLoss), keeping lastTransitionTime unless
     * its status flips. {@code present == false} removes it.
     */
    public static List<Condition> withExtra(
            List<Condition> current,
            String type,
            boolean present,
            boolean status,
            String reason,
            String message,
            long generation,
            Clock clock) {
        List<Condition> result = new ArrayList<>();
        for (Condition c : current == null ? List.<Condition>of() : current) {
            if (!type.equals(c.getType())) {
                result.add(c);
            }
        }
        if (present) {
            String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
            result.add(condition(current, type, status, reason, message, generation, now));
        }
        return result;
    }

    /** {@code current} without the condition of {@code type}. */
    public static List<Condition> without(List<Condition> current, String type) {
        return current == null
                ? new ArrayList<>()
                : current.stream()
                        .filter(c -> !type.equals(c.getType()))
                        .collect(Collectors.toCollection(ArrayList::new));
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null
                ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    private static Condition condition(
            List<Condition> previous,
            String type,
            boolean status,
            String reason,
            String message,
            long generation,
            String now) {
        String statusText = status ? "True" : "False";
        String transition = find(previous, type)
                .filter(old -> statusText.equals(old.getStatus()) && old.getLastTransitionTime() != null)
                .map(Condition::getLastTransitionTime)
                .orElse(now);
        return new ConditionBuilder()
                .withType(type)
                .withStatus(statusText)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(transition)
                .build();
    }

    private static List<Condition> withOthers(List<Condition> previous, List<Condition> standard) {
        Map<String, Condition> byType =
                standard.stream().collect(Collectors.toMap(Condition::getType, Function.identity()));
        List<Condition> result = new ArrayList<>(standard);
        if (previous != null) {
            previous.stream().filter(c -> !byType.containsKey(c.getType())).forEach(result::add);
        }
        return result;
    }
}
