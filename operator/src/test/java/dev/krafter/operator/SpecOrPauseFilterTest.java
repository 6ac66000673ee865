package dev.krafter.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.ConsumerGroupStatus;
import dev.krafter.api.v1alpha1.KafkaUser;
import dev.krafter.api.v1alpha1.KafkaUserStatus;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.api.v1alpha1.TopicStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The one update filter of Topic, ConsumerGroup and KafkaUser. */
class SpecOrPauseFilterTest {
    private final SpecOrPauseFilter<HasMetadata> filter = new SpecOrPauseFilter<>();

    /** A resource of each kind, and a status write of that kind (a figure the operator fills in). */
    record Kind(String name, Supplier<HasMetadata> create, Consumer<HasMetadata> writeStatus) {
        HasMetadata at(long generation) {
            HasMetadata resource = create.get();
            resource.setMetadata(new ObjectMetaBuilder()
                    .withNamespace("ns")
                    .withName("r")
                    .withGeneration(generation)
                    .withAnnotations(new HashMap<>())
                    .withFinalizers(List.of("krafter.dev/finalizer"))
                    .build());
            return resource;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Kind> kinds() {
        return Stream.of(
                new Kind("Topic", Topic::new, r -> {
                    TopicStatus status = new TopicStatus();
                    status.setPartitions(6);
                    ((Topic) r).setStatus(status);
                }),
                new Kind("ConsumerGroup", ConsumerGroup::new, r -> {
                    ConsumerGroupStatus status = new ConsumerGroupStatus();
                    status.setTotalLag(42L);
                    ((ConsumerGroup) r).setStatus(status);
                }),
                new Kind("KafkaUser", KafkaUser::new, r -> {
                    KafkaUserStatus status = new KafkaUserStatus();
                    status.setAcls(3);
                    ((KafkaUser) r).setStatus(status);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void ownStatusWritesAndOtherMetadataEditsStartNoReconcile(Kind kind) {
        HasMetadata statusWritten = kind.at(3);
        kind.writeStatus().accept(statusWritten);
        assertThat(filter.accept(statusWritten, kind.at(3)))
                .as("a status write")
                .isFalse();
        HasMetadata labelled = kind.at(3);
        labelled.getMetadata().setLabels(new HashMap<>(Map.of("team", "payments")));
        assertThat(filter.accept(labelled, kind.at(3))).as("a label").isFalse();
        HasMetadata annotated = kind.at(3);
        annotated.getMetadata().getAnnotations().put("example.com/owner", "team-a");
        assertThat(filter.accept(annotated, kind.at(3)))
                .as("an unrelated annotation")
                .isFalse();
        HasMetadata notPaused = kind.at(3);
        notPaused.getMetadata().getAnnotations().put("krafter.dev/paused", "false");
        assertThat(filter.accept(notPaused, kind.at(3)))
                .as("paused: false, as before")
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void specChangesPausingResumingDeletionAndFinalizersDo(Kind kind) {
        assertThat(filter.accept(kind.at(4), kind.at(3))).as("a spec change").isTrue();
        HasMetadata paused = kind.at(3);
        paused.getMetadata().getAnnotations().put("krafter.dev/paused", "true");
        assertThat(filter.accept(paused, kind.at(3))).as("pausing").isTrue();
        assertThat(filter.accept(kind.at(3), paused)).as("resuming").isTrue();
        HasMetadata deleting = kind.at(3);
        deleting.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
        assertThat(filter.accept(deleting, kind.at(3))).as("deletion starts").isTrue();
        HasMetadata noFinalizer = kind.at(3);
        noFinalizer.getMetadata().setFinalizers(List.of());
        assertThat(filter.accept(kind.at(3), noFinalizer))
                .as("the finalizer added")
                .isTrue();
    }
}
