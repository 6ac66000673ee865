package dev.krafter.user;

import dev.krafter.api.v1alpha1.KafkaUser;
import dev.krafter.operator.Resources;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;

/** Which updates of a KafkaUser start a reconcile: see {@link Resources#worthReconciling}. */
public final class KafkaUserEventFilter implements OnUpdateFilter<KafkaUser> {
    @Override
    public boolean accept(KafkaUser newUser, KafkaUser oldUser) {
        return Resources.worthReconciling(newUser, oldUser);
    }
}
