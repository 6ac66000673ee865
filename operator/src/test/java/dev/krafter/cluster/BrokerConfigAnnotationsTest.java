package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BrokerConfigAnnotationsTest {
    @Test
    void appliedLiveConfigRoundTripsSortedAndAnUnreadableValueIsIgnored() {
        String json = BrokerConfigAnnotations.formatAppliedLive(
                Map.of("log.retention.ms", "1000", "compression.type", "lz4"));

        assertThat(json).isEqualTo("{\"compression.type\":\"lz4\",\"log.retention.ms\":\"1000\"}");
        assertThat(BrokerConfigAnnotations.parseAppliedLive(json))
                .contains(Map.of("log.retention.ms", "1000", "compression.type", "lz4"));
        assertThat(BrokerConfigAnnotations.parseAppliedLive("{not json")).isEqualTo(Optional.empty());
    }

    @Test
    void readOnlyKeysRoundTripAndAnEmptyListMeansNone() {
        assertThat(BrokerConfigAnnotations.formatKeys(Set.of("num.io.threads", "log.dirs")))
                .isEqualTo("log.dirs,num.io.threads");
        assertThat(BrokerConfigAnnotations.parseKeys("log.dirs,num.io.threads"))
                .containsExactlyInAnyOrder("log.dirs", "num.io.threads");
        assertThat(BrokerConfigAnnotations.parseKeys("")).isEmpty();
    }

    @Test
    void onlyTheReadOnlyPartOfTheDesiredConfigFeedsThePodTemplate() {
        LiveConfigStep.Result result = new LiveConfigStep.Result(
                Map.of("num.io.threads", "8", "log.retention.ms", "1000"),
                Map.of("log.retention.ms", "1000"),
                Set.of("num.io.threads", "absent.key"),
                true,
                false,
                Optional.empty());

        assertThat(result.readOnly()).containsExactly(Map.entry("num.io.threads", "8"));
    }
}
