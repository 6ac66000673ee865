package dev.krafter.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import org.junit.jupiter.api.Test;

class EventRecorderTest {
    private static ConfigMap resource(String name, String uid) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("shop")
                .withUid(uid)
                .endMetadata()
                .build();
    }

    @Test
    void theSameCauseWithOtherFiguresIsTheSameEvent() {
        ConfigMap orders = resource("orders", "u-1");
        String first = EventRecorder.eventName(
                orders,
                EventRecorder.WARNING,
                "DataLoss",
                "50 messages were deleted by retention before the group read them: orders-0 (50 messages)");
        String later = EventRecorder.eventName(
                orders,
                EventRecorder.WARNING,
                "DataLoss",
                "60 messages were deleted by retention before the group read them: orders-0 (60 messages)");
        assertThat(later).isEqualTo(first).startsWith("orders.").matches("orders\\.[0-9a-f]{16}");
    }

    @Test
    void anotherCauseReasonTypeOrResourceIsAnotherEvent() {
        ConfigMap orders = resource("orders", "u-1");
        String base = EventRecorder.eventName(orders, EventRecorder.WARNING, "InvalidSpec", "spec.a is wrong");
        assertThat(EventRecorder.eventName(orders, EventRecorder.WARNING, "InvalidSpec", "spec.b is wrong"))
                .isNotEqualTo(base);
        assertThat(EventRecorder.eventName(orders, EventRecorder.WARNING, "Other", "spec.a is wrong"))
                .isNotEqualTo(base);
        assertThat(EventRecorder.eventName(orders, EventRecorder.NORMAL, "InvalidSpec", "spec.a is wrong"))
                .isNotEqualTo(base);
        // The same name again after the resource was deleted and created: a new uid, a new Event.
        assertThat(EventRecorder.eventName(
                        resource("orders", "u-2"), EventRecorder.WARNING, "InvalidSpec", "spec.a is wrong"))
                .isNotEqualTo(base);
    }

    @Test
    void aLongResourceNameStillGivesAValidEventName() {
        String name = "a".repeat(253);
        assertThat(EventRecorder.eventName(resource(name, "u"), EventRecorder.WARNING, "R", "m"))
                .hasSize(253);
    }
}
