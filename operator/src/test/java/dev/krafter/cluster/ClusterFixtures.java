package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.ControllersSpec;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.StorageSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** KafkaCluster resources for tests. */
final class ClusterFixtures {
    private ClusterFixtures() {}

    static KafkaCluster cluster(String name, int brokers, ControllersSpec.Mode mode, int controllers) {
        KafkaCluster cluster = new KafkaCluster();
        cluster.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace("ns")
                .withUid("uid-" + name)
                .withGeneration(1L)
                .build());
        cluster.getSpec().getBrokers().setReplicas(brokers);
        cluster.getSpec().getControllers().setMode(mode);
        cluster.getSpec().getControllers().setReplicas(controllers);
        StorageSpec ephemeral = new StorageSpec();
        ephemeral.setType(StorageSpec.Type.EPHEMERAL);
        ephemeral.setSize("1Gi");
        cluster.getSpec().getBrokers().setStorage(ephemeral);
        return cluster;
    }

    static ListenerSpec listener(String name, int port, ListenerSpec.Type type) {
        ListenerSpec listener = new ListenerSpec();
        listener.setName(name);
        listener.setPort(port);
        listener.setType(type);
        return listener;
    }

    /**
     * The cluster the operator tests create, named kafka in {@code namespace}: 3 brokers on ephemeral storage and one
     * dedicated controller on persistent storage (a lone voter must keep its metadata log), customized, not yet stored.
     */
    static KafkaCluster operatorTestCluster(String namespace, java.util.function.Consumer<KafkaCluster> customize) {
        KafkaCluster cluster = new KafkaCluster();
        cluster.setMetadata(new ObjectMetaBuilder()
                .withName("kafka")
                .withNamespace(namespace)
                .build());
        cluster.getSpec().getBrokers().setReplicas(3);
        StorageSpec storage = new StorageSpec();
        storage.setType(StorageSpec.Type.EPHEMERAL);
        storage.setSize("1Gi");
        cluster.getSpec().getBrokers().setStorage(storage);
        cluster.getSpec().getControllers().setMode(ControllersSpec.Mode.DEDICATED);
        cluster.getSpec().getControllers().setReplicas(1);
        StorageSpec durable = new StorageSpec();
        durable.setType(StorageSpec.Type.PERSISTENT);
        durable.setSize("1Gi");
        cluster.getSpec().getControllers().setStorage(durable);
        customize.accept(cluster);
        return cluster;
    }
}
