package dev.krafter.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VanishedOffsetsTest {
    private static GroupSnapshot observed(boolean exists, String... committedTopics) {
        return new GroupSnapshot(
                "orders-app",
                Instant.EPOCH,
                exists,
                exists ? "Empty" : null,
                0,
                List.of(),
                null,
                Set.of(committedTopics));
    }

    @Test
    void nothingVanishesWhileTheGroupKeepsItsOffsets() {
        VanishedOffsets none = VanishedOffsets.of(
                List.of("orders", "payments"), List.of(), observed(true, "orders", "payments", "audit"));
        assertThat(none.any()).isFalse();
        assertThat(none.appeared()).isEmpty();
    }

    @Test
    void aNewGroupThatHasNoOffsetsYetHasLostNothing() {
        assertThat(VanishedOffsets.of(List.of(), List.of(), observed(false)).any())
                .isFalse();
    }

    @Test
    void aDeletedGroupNamesItselfAndEveryTopicItHadOffsetsFor() {
        VanishedOffsets gone = VanishedOffsets.of(List.of("payments", "orders"), List.of(), observed(false));
        assertThat(gone.groupGone()).isTrue();
        assertThat(gone.topics()).containsExactly("orders", "payments");
        assertThat(gone.appeared()).containsExactly("orders", "payments");
        assertThat(gone.message(gone.topics()))
                .startsWith("group orders-app no longer exists in Kafka: its committed"
                        + " offsets for orders, payments are gone")
                .contains("auto.offset.reset");
    }

    @Test
    void aTopicWhoseOffsetsVanishedIsNamedOnceAndStaysMissingUntilCommittedAgain() {
        VanishedOffsets first = VanishedOffsets.of(List.of("orders", "payments"), List.of(), observed(true, "orders"));
        assertThat(first.groupGone()).isFalse();
        assertThat(first.topics()).containsExactly("payments");
        assertThat(first.appeared()).containsExactly("payments");
        assertThat(first.message(first.topics()))
                .startsWith("Kafka no longer has committed offsets of group"
                        + " orders-app for payments (the topic was deleted");

        // The next observation: status.topics no longer lists payments, status.vanishedOffsets does.
        VanishedOffsets next = VanishedOffsets.of(List.of("orders"), first.topics(), observed(true, "orders"));
        assertThat(next.topics()).containsExactly("payments");
        assertThat(next.appeared()).isEmpty();

        VanishedOffsets back =
                VanishedOffsets.of(List.of("orders"), next.topics(), observed(true, "orders", "payments"));
        assertThat(back.any()).isFalse();
    }
}
