package dev.krafter.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

    @Test
    void defaultsAreProductionSafe() {
        OperatorConfig config = OperatorConfig.defaults();
        assertThat(config.watchNamespaces()).isEmpty();
        assertThat(config.leaderElection()).isFalse();
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.groupObservationPeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.kafkaImageRepository()).isEqualTo("krafter/kafka");
    }

    @Test
    void environmentOverridesDefaults() {
        OperatorConfig config = OperatorConfig.fromEnvironment(Map.of(
                "KRAFTER_WATCH_NAMESPACES", " kafka, team-a ,,",
                "KRAFTER_LEADER_ELECTION", "true",
                "POD_NAMESPACE", "krafter-system",
                "KRAFTER_GROUP_OBSERVATION_PERIOD", "PT5S"));
        assertThat(config.watchNamespaces()).isEqualTo(List.of("kafka", "team-a"));
        assertThat(config.leaderElection()).isTrue();
        assertThat(config.leaseNamespace()).isEqualTo("krafter-system");
        assertThat(config.groupObservationPeriod()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aBadValueNamesTheVariableAndWhatItMeans() {
        assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("KRAFTER_ADMIN_TIMEOUT", "30s")))
                .hasMessageContaining("KRAFTER_ADMIN_TIMEOUT='30s' is not valid")
                .hasMessageContaining("ISO-8601 duration");
    }

    @Test
    void aCopyWithOneSettingChangedKeepsTheOthers() {
        OperatorConfig base =
                OperatorConfig.fromEnvironment(Map.of("KRAFTER_WATCH_NAMESPACES", "a,b", "KRAFTER_HTTP_PORT", "9000"));
        OperatorConfig copy =
                base.withGroupObservationPeriod(Duration.ofSeconds(1)).withTopicBatching(1, Duration.ZERO);
        assertThat(copy.watchNamespaces()).containsExactly("a", "b");
        assertThat(copy.httpPort()).isEqualTo(9000);
        assertThat(copy.groupObservationPeriod()).isEqualTo(Duration.ofSeconds(1));
        assertThat(copy.topicBatchSize()).isEqualTo(1);
        assertThat(copy.topicBatchLinger()).isZero();
        assertThat(OperatorConfig.fromEnvironment(copy.asEnvironment())).isEqualTo(copy);
    }
}
