package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.KafkaClusterSpec;
import java.util.List;
import java.util.Optional;

/**
 * Which Kafka versions a KafkaCluster may ask for: KRaft-only releases (4.0 and later; earlier ones ran on ZooKeeper
 * and need a config this operator never writes), and, without {@code spec.image}, only versions the image repository
 * has an image for (the operator setting KRAFTER_KAFKA_IMAGE_VERSIONS): a tag that does not exist would only show as
 * ErrImagePull on the pods.
 */
final class KafkaVersions {
    static final int FIRST_KRAFT_ONLY_MAJOR = 4;

    private KafkaVersions() {}

    static Optional<String> problem(KafkaClusterSpec spec, List<String> imageVersions) {
        String version = spec.getVersion();
        if (version == null) {
            return Optional.empty();
        }
        if (major(version) < FIRST_KRAFT_ONLY_MAJOR) {
            return Optional.of("spec.version " + version + " is a Kafka release from before 4.0, of the ZooKeeper era:"
                    + " Krafter runs KRaft-only Kafka 4.0 or later; set spec.version to " + newest(imageVersions)
                    + " (a ZooKeeper-based cluster is migrated to KRaft with Kafka 3.x tools first, outside Krafter)");
        }
        boolean explicitImage = spec.getImage() != null && !spec.getImage().isBlank();
        if (!explicitImage && !imageVersions.contains(version)) {
            return Optional.of("no broker image is known for spec.version " + version + ": the image repository has"
                    + " images for " + String.join(", ", imageVersions)
                    + " (operator setting KRAFTER_KAFKA_IMAGE_VERSIONS);"
                    + " set spec.version to one of them, or set spec.image to an image of Kafka " + version);
        }
        return Optional.empty();
    }

    private static int major(String version) {
        String digits = version.split("\\.", 2)[0];
        return digits.matches("[0-9]{1,9}") ? Integer.parseInt(digits) : Integer.MAX_VALUE;
    }

    private static String newest(List<String> versions) {
        return versions.stream()
                .max((a, b) ->
                        ClusterGuards.compareMinor(a, b) != 0 ? ClusterGuards.compareMinor(a, b) : a.compareTo(b))
                .orElse(KafkaClusterSpec.DEFAULT_VERSION);
    }
}
