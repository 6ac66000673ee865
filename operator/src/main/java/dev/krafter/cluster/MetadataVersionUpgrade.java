package dev.krafter.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeFeaturesOptions;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.SupportedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;

/**
 * Raising metadata.version after an upgrade. The operator has kafka-clients only (MetadataVersion lives in Kafka's
 * server-common), so the target level is the highest level the brokers report as supported: once every node runs the
 * new release, that is the new release's latest production level. The controller checks it against every registered
 * node and refuses a level some node does not support.
 */
public final class MetadataVersionUpgrade {
    public static final String FEATURE = "metadata.version";

    private MetadataVersionUpgrade() {}

    /** Finalized and highest supported level, as Kafka reports them. */
    public record Levels(short finalized, short supportedMax) {}

    /**
     * The level to raise to, when every node runs the desired release, Kafka supports a higher one and the user does
     * not hold it ({@code spec.holdMetadataVersion}: the rollback window of Kafka's upgrade guide).
     */
    public static Optional<Short> raiseTo(Levels levels, boolean everyNodeCurrent, boolean held) {
        if (held || !everyNodeCurrent || levels.supportedMax() <= levels.finalized()) {
            return Optional.empty();
        }
        return Optional.of(levels.supportedMax());
    }

    public static Optional<Levels> read(Admin admin, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        FeatureMetadata features = admin.describeFeatures(
                        new DescribeFeaturesOptions().timeoutMs((int) timeout.toMillis()))
                .featureMetadata()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        FinalizedVersionRange finalized = features.finalizedFeatures().get(FEATURE);
        SupportedVersionRange supported = features.supportedFeatures().get(FEATURE);
        if (finalized == null || supported == null) {
            return Optional.empty();
        }
        return Optional.of(new Levels(finalized.maxVersionLevel(), supported.maxVersion()));
    }

    public static void raise(Admin admin, short level, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        admin.updateFeatures(
                        Map.of(FEATURE, new FeatureUpdate(level, FeatureUpdate.UpgradeType.UPGRADE)),
                        new UpdateFeaturesOptions().timeoutMs((int) timeout.toMillis()))
                .all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
