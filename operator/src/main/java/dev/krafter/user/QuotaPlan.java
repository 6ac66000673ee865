package dev.krafter.user;

import dev.krafter.api.v1alpha1.UserQuotas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.quota.ClientQuotaAlteration;

/**
 * The client quotas of one user entity: what the spec asks for ({@link #desired}) and the changes that make Kafka
 * hold exactly those ({@link #of}); a quota Kafka has but the spec does not is removed (a null value).
 */
record QuotaPlan(Map<String, Double> changes) {
    static final String PRODUCER_BYTE_RATE = "producer_byte_rate";
    static final String CONSUMER_BYTE_RATE = "consumer_byte_rate";
    static final String REQUEST_PERCENTAGE = "request_percentage";
    static final String CONTROLLER_MUTATION_RATE = "controller_mutation_rate";

    static Map<String, Double> desired(UserQuotas quotas) {
        Map<String, Double> desired = new LinkedHashMap<>();
        if (quotas == null) {
            return desired;
        }
        put(desired, PRODUCER_BYTE_RATE, quotas.getProducerByteRate());
        put(desired, CONSUMER_BYTE_RATE, quotas.getConsumerByteRate());
        put(desired, REQUEST_PERCENTAGE, quotas.getRequestPercentage());
        put(desired, CONTROLLER_MUTATION_RATE, quotas.getControllerMutationRate());
        return desired;
    }

    static QuotaPlan of(Map<String, Double> desired, Map<String, Double> actual) {
        Map<String, Double> changes = new LinkedHashMap<>();
        desired.forEach((key, value) -> {
            if (!Objects.equals(actual.get(key), value)) {
                changes.put(key, value);
            }
        });
        actual.keySet().stream().filter(k -> !desired.containsKey(k)).sorted().forEach(k -> changes.put(k, null));
        return new QuotaPlan(changes);
    }

    List<ClientQuotaAlteration.Op> ops() {
        List<ClientQuotaAlteration.Op> ops = new ArrayList<>();
        changes.forEach((key, value) -> ops.add(new ClientQuotaAlteration.Op(key, value)));
        return ops;
    }

    boolean isEmpty() {
        return changes.isEmpty();
    }

    /** {@code producer_byte_rate=2048, consumer_byte_rate removed}. */
    String describe() {
        List<String> parts = new ArrayList<>();
        changes.forEach((key, value) -> parts.add(
                value == null
                        ? key + " removed"
                        : key + "="
                                + (value == Math.rint(value) ? Long.toString(value.longValue()) : value.toString())));
        return String.join(", ", parts);
    }

    private static void put(Map<String, Double> quotas, String key, Number value) {
        if (value != null) {
            quotas.put(key, value.doubleValue());
        }
    }
}
