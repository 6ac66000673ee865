package dev.krafter.probe;

import java.util.Optional;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Reads {@link NodeMetrics} from the MBean server of the JVM the agent runs in. */
public final class JmxNodeMetrics implements NodeMetrics {

    static final ObjectName BROKER_STATE = objectName("kafka.server:type=KafkaServer,name=BrokerState");
    static final ObjectName RAFT_METRICS = objectName("kafka.server:type=raft-metrics");

    private final MBeanServer server;

    public JmxNodeMetrics(MBeanServer server) {
        this.server = server;
    }

    @Override
    public Optional<Integer> brokerState() {
        return attribute(BROKER_STATE, "Value").map(value -> ((Number) value).intValue());
    }

    @Override
    public Optional<String> raftState() {
        return attribute(RAFT_METRICS, "current-state").map(Object::toString);
    }

    @Override
    public Optional<Long> raftHighWatermark() {
        return attribute(RAFT_METRICS, "high-watermark").map(value -> ((Number) value).longValue());
    }

    @Override
    public Optional<Long> raftLogEndOffset() {
        return attribute(RAFT_METRICS, "log-end-offset").map(value -> ((Number) value).longValue());
    }

    private Optional<Object> attribute(ObjectName name, String attribute) {
        try {
            if (!server.isRegistered(name)) {
                return Optional.empty();
            }
            return Optional.ofNullable(server.getAttribute(name, attribute));
        } catch (JMException | RuntimeException e) {
            // Registered and unregistered concurrently while Kafka starts or stops: treat as absent.
            return Optional.empty();
        }
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (JMException e) {
            throw new IllegalArgumentException(name, e);
        }
    }
}
