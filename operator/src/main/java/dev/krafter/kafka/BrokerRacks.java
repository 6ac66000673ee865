package dev.krafter.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/** The rack (broker.rack) of each registered broker, as Kafka reports it; fenced brokers included. */
public final class BrokerRacks {
    private BrokerRacks() {}

    /** Broker id to rack, for the brokers that have one. */
    public static Map<Integer, String> read(Admin admin, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<Integer, String> racks = new TreeMap<>();
        for (Node node : admin.describeCluster(
                        new DescribeClusterOptions().includeFencedBrokers(true).timeoutMs((int) timeout.toMillis()))
                .nodes()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            if (node.hasRack()) {
                racks.put(node.id(), node.rack());
            }
        }
        return racks;
    }
}
