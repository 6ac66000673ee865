package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.kafka.AdminSecurity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The operator's admin connection security for a cluster: plaintext, or with internal TLS its own certificate from the
 * Secret {@link ClusterNames#operatorCertificate} that {@link CertificatesStep} issues. Every Admin client the operator
 * builds (cluster, Topic and ConsumerGroup reconcilers share them through {@code KafkaAdmins}) gets its config here.
 */
public final class OperatorCertificate {
    static final String CERTIFICATE = "tls.crt";
    static final String KEY = "tls.key";
    static final String CA = "ca.crt";

    private final KubernetesClient client;

    public OperatorCertificate(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @throws IllegalStateException while the cluster has internal TLS but its operator certificate is not issued yet
     *                               (the cluster is being created): no client is built, the caller retries
     */
    public Map<String, Object> adminSecurity(KafkaCluster cluster) {
        if (!InternalTls.of(cluster)) {
            return AdminSecurity.PLAINTEXT;
        }
        String name = ClusterNames.operatorCertificate(cluster.getMetadata().getName());
        Secret secret = client.secrets()
                .inNamespace(cluster.getMetadata().getNamespace())
                .withName(name)
                .get();
        Map<String, String> data = secret == null || secret.getData() == null ? Map.of() : secret.getData();
        if (!data.containsKey(CERTIFICATE) || !data.containsKey(KEY) || !data.containsKey(CA)) {
            throw new IllegalStateException(
                    "KafkaCluster " + cluster.getMetadata().getNamespace() + "/"
                            + cluster.getMetadata().getName()
                            + " has internal TLS and the operator's certificate (Secret " + name
                            + ") is not issued yet");
        }
        return AdminSecurity.mutualTls(decode(data.get(CERTIFICATE)), decode(data.get(KEY)), decode(data.get(CA)));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
