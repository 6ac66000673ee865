package dev.krafter.reassign;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Broker cordoning (KIP-1066, Kafka 4.3+ at metadata.version 4.3-IV0 or later): a broker whose dynamic config
 * {@code cordoned.log.dirs} is {@code *} gets no new replica, neither from Kafka's own placement (new topics, new
 * partitions) nor from a reassignment, which Kafka refuses. Brokers being drained are cordoned so nothing lands on them
 * while they empty; a cancelled drain removes the cordon. At an older metadata.version Kafka ignores the cordon, which is
 * why the scale step also recounts the replicas of a drained broker right before removing it.
 */
final class Cordons {
    static final String CONFIG = "cordoned.log.dirs";
    static final String ALL = "*";
    static final Set<String> CONFIGS = Set.of(CONFIG);

    private Cordons() {}

    /** The brokers among {@code present}'s keys whose log directories are cordoned (any value set). */
    static Set<Integer> cordoned(Map<Integer, Map<String, String>> present) {
        Set<Integer> cordoned = new TreeSet<>();
        present.forEach((broker, values) -> {
            String value = values.get(CONFIG);
            if (value != null && !value.isBlank()) {
                cordoned.add(broker);
            }
        });
        return cordoned;
    }

    /** The changes that cordon every broker of {@code wanted} not cordoned yet. */
    static Map<Integer, Map<String, Optional<String>>> cordoning(Set<Integer> wanted, Set<Integer> cordoned) {
        Map<Integer, Map<String, Optional<String>>> changes = new TreeMap<>();
        wanted.stream()
                .filter(b -> !cordoned.contains(b))
                .forEach(b -> changes.put(b, Map.of(CONFIG, Optional.of(ALL))));
        return changes;
    }

    /** The changes that remove the cordon from every broker of {@code released} that has one. */
    static Map<Integer, Map<String, Optional<String>>> uncordoning(Set<Integer> released, Set<Integer> cordoned) {
        Map<Integer, Map<String, Optional<String>>> changes = new TreeMap<>();
        released.stream().filter(cordoned::contains).forEach(b -> changes.put(b, Map.of(CONFIG, Optional.empty())));
        return changes;
    }
}
