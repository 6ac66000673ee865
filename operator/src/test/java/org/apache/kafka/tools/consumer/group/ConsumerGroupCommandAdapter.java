package org.apache.kafka.tools.consumer.group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs Kafka's own kafka-consumer-groups.sh logic (ConsumerGroupCommand's service class, package-private, hence this
 * adapter in its package) in-process, so tests can compare Krafter's numbers with the tool users trust.
 */
public final class ConsumerGroupCommandAdapter {
    private ConsumerGroupCommandAdapter() {}

    /** {@code --describe --group g}: the lag of every partition that has a committed offset. */
    public static Map<String, Long> describeLag(String bootstrap, String group) throws Exception {
        try (ConsumerGroupCommand.ConsumerGroupService service =
                service(List.of("--bootstrap-server", bootstrap, "--describe", "--group", group))) {
            Map.Entry<Optional<org.apache.kafka.common.GroupState>, Optional<Collection<PartitionAssignmentState>>>
                    result = service.collectGroupOffsets(group);
            Map<String, Long> lag = new TreeMap<>();
            for (PartitionAssignmentState state : result.getValue().orElse(List.of())) {
                if (state.topic().isPresent()
                        && state.partition().isPresent()
                        && state.lag().isPresent()) {
                    lag.put(
                            state.topic().get() + "-" + state.partition().get(),
                            state.lag().get());
                }
            }
            return lag;
        }
    }

    /** {@code --reset-offsets <args> --dry-run}: the offsets the tool would commit, without committing them. */
    public static Map<TopicPartition, Long> resetOffsetsDryRun(String bootstrap, String group, String... args)
            throws Exception {
        List<String> all =
                new ArrayList<>(List.of("--bootstrap-server", bootstrap, "--group", group, "--reset-offsets"));
        all.addAll(List.of(args));
        all.add("--dry-run");
        try (ConsumerGroupCommand.ConsumerGroupService service = service(all)) {
            Map<String, Map<TopicPartition, OffsetAndMetadata>> result = service.resetOffsets();
            Map<TopicPartition, Long> offsets = new java.util.HashMap<>();
            result.getOrDefault(group, Map.of()).forEach((tp, om) -> offsets.put(tp, om.offset()));
            return offsets;
        }
    }

    private static ConsumerGroupCommand.ConsumerGroupService service(List<String> args) {
        ConsumerGroupCommandOptions options = ConsumerGroupCommandOptions.fromArgs(args.toArray(new String[0]));
        return new ConsumerGroupCommand.ConsumerGroupService(options, Map.of());
    }
}
