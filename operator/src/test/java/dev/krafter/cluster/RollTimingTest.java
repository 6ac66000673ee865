package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.OperationStatus;
import dev.krafter.api.v1alpha1.PodRestart;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RollTimingTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static OperationStatus roll(String type, List<PodRestart> restarting, List<Integer> seconds) {
        OperationStatus op = new OperationStatus();
        op.setType(type);
        op.setRestarting(restarting);
        op.setRestartSeconds(seconds);
        return op;
    }

    @Test
    void podsBackAreTimedFromTheirRestartAndTheOthersStayInFlight() {
        RollTiming timing = new RollTiming(List.of(), List.of()).restarted(List.of("k-broker-0", "k-broker-3"), T0);

        RollTiming later = timing.settle(pod -> true, "k-broker-3"::equals, T0.plusSeconds(27));

        assertThat(later.restartSeconds()).containsExactly(27);
        assertThat(later.restarting()).containsExactly(new PodRestart("k-broker-3", T0.toString()));
    }

    @Test
    void aPodNoLongerInTheSpecIsForgotten() {
        RollTiming timing = new RollTiming(List.of(new PodRestart("k-broker-5", T0.toString())), List.of(30));

        assertThat(timing.settle(Set.of("k-broker-0")::contains, pod -> false, T0.plusSeconds(40)))
                .isEqualTo(new RollTiming(List.of(), List.of(30)));
    }

    @Test
    void carriedOverOnlyWithinTheSameRoll() {
        OperationStatus previous = roll(
                ClusterReasons.ROLLING_RESTART, List.of(new PodRestart("k-broker-1", T0.toString())), List.of(20, 30));

        assertThat(RollTiming.carriedOver(Optional.of(previous), ClusterReasons.ROLLING_RESTART)
                        .restartSeconds())
                .containsExactly(20, 30);
        assertThat(RollTiming.carriedOver(Optional.of(previous), ClusterReasons.UPGRADING))
                .isEqualTo(new RollTiming(List.of(), List.of()));
        assertThat(RollTiming.carriedOver(Optional.empty(), ClusterReasons.ROLLING_RESTART)
                        .restarting())
                .isEmpty();
    }

    @Test
    void statusShowsTheEstimateOnceAPodWasTimed() {
        OperationStatus op = new OperationStatus();
        RollTiming firstWave = new RollTiming(List.of(), List.of()).restarted(List.of("k-broker-0", "k-broker-3"), T0);

        firstWave.writeTo(op, 4, T0);
        assertThat(op.getEstimatedCompletionAt()).as("nothing timed yet").isNull();
        assertThat(op.getRestarting()).extracting(PodRestart::getPod).containsExactly("k-broker-0", "k-broker-3");

        RollTiming secondWave = firstWave
                .settle(pod -> true, pod -> false, T0.plusSeconds(30))
                .restarted(List.of("k-broker-1", "k-broker-4"), T0.plusSeconds(30));
        secondWave.writeTo(op, 2, T0.plusSeconds(30));
        // wave 2 back at 60 s, the last wave of 2 at 90 s
        assertThat(op.getEstimatedCompletionAt()).isEqualTo(T0.plusSeconds(90).toString());
        assertThat(op.getRestartSeconds()).containsExactly(30, 30);
    }
}
