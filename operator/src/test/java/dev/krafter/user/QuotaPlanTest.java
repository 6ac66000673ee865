package dev.krafter.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.UserQuotas;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaPlanTest {
    @Test
    void theSpecsQuotasUseKafkasKeys() {
        UserQuotas quotas = new UserQuotas();
        quotas.setProducerByteRate(1_048_576L);
        quotas.setConsumerByteRate(2_097_152L);
        quotas.setRequestPercentage(50);
        quotas.setControllerMutationRate(10.5);
        assertThat(QuotaPlan.desired(quotas))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "producer_byte_rate",
                        1_048_576.0,
                        "consumer_byte_rate",
                        2_097_152.0,
                        "request_percentage",
                        50.0,
                        "controller_mutation_rate",
                        10.5));
        assertThat(QuotaPlan.desired(null)).isEmpty();
    }

    @Test
    void changedQuotasAreSetAndUnsetOnesRemoved() {
        QuotaPlan plan = QuotaPlan.of(
                Map.of("producer_byte_rate", 2048.0, "request_percentage", 50.0),
                Map.of("producer_byte_rate", 1024.0, "request_percentage", 50.0, "consumer_byte_rate", 4096.0));
        assertThat(plan.changes()).containsOnlyKeys("producer_byte_rate", "consumer_byte_rate");
        assertThat(plan.changes().get("producer_byte_rate")).isEqualTo(2048.0);
        assertThat(plan.changes().get("consumer_byte_rate")).as("removed").isNull();
        assertThat(plan.ops())
                .extracting(o -> o.key() + "=" + o.value())
                .containsExactlyInAnyOrder("producer_byte_rate=2048.0", "consumer_byte_rate=null");
        assertThat(plan.describe()).contains("producer_byte_rate=2048").contains("consumer_byte_rate removed");
    }

    @Test
    void matchingQuotasNeedNothing() {
        assertThat(QuotaPlan.of(Map.of("producer_byte_rate", 2048.0), Map.of("producer_byte_rate", 2048.0))
                        .isEmpty())
                .isTrue();
        assertThat(QuotaPlan.of(Map.of(), Map.of()).isEmpty()).isTrue();
    }
}
