package dev.krafter.user;

import dev.krafter.api.v1alpha1.KafkaUser;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Which KafkaUser manages a principal when several name the same Kafka user of the same cluster: the oldest by
 * creationTimestamp, then by name (as for Topics). The others change nothing in Kafka and report Conflict.
 */
final class UserOwnership {
    static final Comparator<KafkaUser> OLDEST_FIRST = Comparator.comparing((KafkaUser u) -> created(u))
            .thenComparing(u -> u.getMetadata().getName());

    private UserOwnership() {}

    /** The KafkaUsers among {@code candidates} that name the same Kafka user of the same cluster as {@code user}. */
    static List<KafkaUser> samePrincipal(KafkaUser user, Stream<KafkaUser> candidates) {
        String cluster = clusterOf(user);
        String name = user.kafkaUserName();
        return candidates
                .filter(u -> Objects.equals(
                        u.getMetadata().getNamespace(), user.getMetadata().getNamespace()))
                .filter(u -> Objects.equals(clusterOf(u), cluster))
                .filter(u -> name.equals(u.kafkaUserName()))
                .toList();
    }

    static KafkaUser owner(KafkaUser user, List<KafkaUser> samePrincipal) {
        return Stream.concat(Stream.of(user), samePrincipal.stream())
                .min(OLDEST_FIRST)
                .orElse(user);
    }

    static boolean isSame(KafkaUser a, KafkaUser b) {
        return Objects.equals(a.getMetadata().getNamespace(), b.getMetadata().getNamespace())
                && Objects.equals(a.getMetadata().getName(), b.getMetadata().getName());
    }

    private static String clusterOf(KafkaUser user) {
        return user.getSpec() == null || user.getSpec().getClusterRef() == null
                ? null
                : user.getSpec().getClusterRef().getName();
    }

    private static Instant created(KafkaUser user) {
        String timestamp = user.getMetadata().getCreationTimestamp();
        return timestamp == null ? Instant.MAX : Instant.parse(timestamp);
    }
}
