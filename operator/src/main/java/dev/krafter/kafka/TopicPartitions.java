package dev.krafter.kafka;

import java.util.Comparator;
import org.apache.kafka.common.TopicPartition;

/** How partitions are listed everywhere the operator shows or plans them: by topic name, then partition number. */
public final class TopicPartitions {
    public static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private TopicPartitions() {}
}
