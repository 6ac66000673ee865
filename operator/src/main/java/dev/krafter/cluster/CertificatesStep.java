package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.ApiGroup;
import dev.krafter.api.v1alpha1.CertificatesSpec;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.SecretRef;
import dev.krafter.certs.CertificateAuthority;
import dev.krafter.certs.Pem;
import dev.krafter.certs.RenewalPlanner;
import dev.krafter.events.EventRecorder;
import dev.krafter.operator.Resources;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step "certificates" (part of applying objects, after the Services and before the StatefulSets): for a cluster with a
 * TLS listener, keeps the cluster CA, the clients CA and every node's certificate current in Secrets owned by the
 * cluster, as {@link RenewalPlanner} decides; then makes the brokers reload renewed key stores without a restart.
 *
 * <p>Kafka reloads a listener's key store when {@code listener.name.<l>.ssl.keystore.location} is altered for that
 * broker, even to the same path (KRaft writes a config record for a broker resource whatever its value, and the broker
 * reloads files it names). The kubelet replaces the mounted files about a minute after the Secret changes, so the
 * brokers are asked to reload every {@link #WHILE_RELOADING} for {@link #RELOAD_WINDOW} after a renewal: a reload that
 * finds the same file changes nothing. With internal TLS that is not enough for the controller listener: the step
 * returns when each certificate was issued, and the nodes created before restart through the roll
 * ({@link CertificateRestarts}). A cluster without TLS listeners gets nothing from this step.
 */
final class CertificatesStep {
    private static final Logger LOG = LoggerFactory.getLogger(CertificatesStep.class);
    /** When the node certificates last changed (annotation of the node certificates Secret). */
    static final String RENEWED_AT = "krafter.dev/renewed-at";
    /**
     * The kubelet's Secret refresh (about a minute) plus the time a new broker takes to become reachable: a NodePort
     * broker's first certificate gains its node IP once the pod is scheduled, while the broker is starting.
     */
    static final Duration RELOAD_WINDOW = Duration.ofMinutes(5);
    /** The kubelet replaces mounted Secret files on its own schedule, with no event: ask the brokers to reload. */
    static final Duration WHILE_RELOADING = Duration.ofSeconds(20);

    static final String CA_CERT = "ca.crt";
    static final String CA_KEY = "ca.key";
    static final String PREVIOUS_CA_CERT = "previous-ca.crt";
    static final String PREVIOUS_CA_KEY = "previous-ca.key";

    /** A Secret the spec names is missing or unusable: the message says what to change. */
    static final class CertificateSecretException extends RuntimeException {
        CertificateSecretException(String message) {
            super(message);
        }
    }

    private final KubernetesClient client;
    private final EventRecorder events;
    private final Clock clock;
    private final Duration adminTimeout;

    CertificatesStep(KubernetesClient client, EventRecorder events, Clock clock, Duration adminTimeout) {
        this.client = client;
        this.events = events;
        this.clock = clock;
        this.adminTimeout = adminTimeout;
    }

    /** Whether the cluster needs certificates: it has a TLS listener or TLS on its internal listeners. */
    static boolean required(ClusterTopology topology) {
        return !KafkaNodeConfig.tlsListeners(topology).isEmpty()
                || topology.security().internalTls();
    }

    /**
     * @param topology the brokers to issue for (those still draining in a scale-down too)
     * @param services the stored Services by name, for external addresses
     * @return when each node's certificate and the newest cluster CA were issued, for {@link CertificateRestarts}
     */
    CertificateRestarts.Issued run(
            ClusterFacts facts,
            ClusterChildren children,
            ClusterTopology topology,
            Function<String, Service> services,
            ReconcileOutcome outcome) {
        if (!required(topology)) {
            return CertificateRestarts.Issued.NOTHING;
        }
        ClusterApplier applier = new ClusterApplier(client, children);
        KafkaCluster cluster = facts.cluster();
        CertificatesSpec spec = cluster.getSpec().getCertificates() == null
                ? new CertificatesSpec()
                : cluster.getSpec().getCertificates();
        RenewalPlanner.Settings settings =
                RenewalPlanner.Settings.ofDays(spec.getValidityDays(), spec.getRenewalDays(), spec.getCaValidityDays());
        Instant now = clock.instant();
        String name = topology.cluster();

        Authority clusterCa = authority(
                children,
                applier,
                cluster,
                ClusterNames.clusterCa(name),
                ClusterNames.clusterCaCert(name),
                spec.getClusterCa(),
                "spec.certificates.clusterCa",
                name + " cluster CA",
                settings,
                now);
        Authority clientsCa = authority(
                children,
                applier,
                cluster,
                ClusterNames.clientsCa(name),
                ClusterNames.clientsCaCert(name),
                spec.getClientsCa(),
                "spec.certificates.clientsCa",
                name + " clients CA",
                settings,
                now);
        Map<String, Instant> issued =
                nodeCertificates(children, applier, facts, topology, services, clusterCa, clientsCa, settings, now);
        if (topology.security().internalTls()) {
            operatorCertificate(children, applier, cluster, clusterCa, settings, now);
        }
        reload(children, facts, topology, now, outcome);
        return new CertificateRestarts.Issued(
                issued, Optional.of(RenewalPlanner.notBefore(clusterCa.trusted().get(0))));
    }

    /** The signing CA and the bundle clients and nodes trust. */
    record Authority(CertificateAuthority signer, List<X509Certificate> trusted) {}

    private Authority authority(
            ClusterChildren children,
            ClusterApplier applier,
            KafkaCluster cluster,
            String secretName,
            String publicName,
            SecretRef userCa,
            String field,
            String commonName,
            RenewalPlanner.Settings settings,
            Instant now) {
        Authority authority;
        if (userCa != null) {
            authority = userAuthority(cluster, userCa, field);
        } else {
            Map<String, String> stored = decoded(ownSecret(children, cluster, secretName));
            Optional<CertificateAuthority> newest = ca(stored, CA_CERT, CA_KEY);
            Optional<CertificateAuthority> previous = ca(stored, PREVIOUS_CA_CERT, PREVIOUS_CA_KEY);
            RenewalPlanner.CaPlan plan = RenewalPlanner.planCa(
                    new RenewalPlanner.CaCertificates(
                            newest.map(CertificateAuthority::certificate),
                            previous.map(CertificateAuthority::certificate),
                            false),
                    settings,
                    now);
            if (plan.generate()) {
                previous = newest;
                newest = Optional.of(CertificateAuthority.generate(commonName, now, now.plus(settings.caValidity())));
                LOG.info("{}: generated a new {} ({})", Resources.ref(cluster), commonName, plan.reason());
                if (previous.isPresent()) {
                    events.normal(
                            cluster,
                            ClusterReasons.CERTIFICATE_AUTHORITY_RENEWED,
                            "generated a new " + commonName + " because " + plan.reason()
                                    + "; both are trusted until the old one expires");
                }
            } else if (plan.dropPrevious()) {
                previous = Optional.empty();
            }
            // A CA kept from the Secret keeps its stored text: a key read back encodes differently from a generated
            // one, which would rewrite the CA Secret once for nothing.
            Map<String, String> data = new TreeMap<>();
            if (plan.generate()) {
                data.put(CA_CERT, Pem.certificate(newest.get().certificate()));
                data.put(CA_KEY, Pem.privateKey(newest.get().key()));
                if (previous.isPresent()) {
                    data.put(PREVIOUS_CA_CERT, stored.get(CA_CERT));
                    data.put(PREVIOUS_CA_KEY, stored.get(CA_KEY));
                }
            } else {
                data.put(CA_CERT, stored.get(CA_CERT));
                data.put(CA_KEY, stored.get(CA_KEY));
                if (previous.isPresent()) {
                    data.put(PREVIOUS_CA_CERT, stored.get(PREVIOUS_CA_CERT));
                    data.put(PREVIOUS_CA_KEY, stored.get(PREVIOUS_CA_KEY));
                }
            }
            applier.apply(secretOf(cluster, secretName, data, Map.of()));
            CertificateAuthority signer = plan.signer() == RenewalPlanner.Signer.PREVIOUS && previous.isPresent()
                    ? previous.get()
                    : newest.get();
            authority = new Authority(
                    signer,
                    RenewalPlanner.trustBundle(
                            newest.get().certificate(), previous.map(CertificateAuthority::certificate)));
        }
        applier.apply(secretOf(cluster, publicName, Map.of(CA_CERT, Pem.certificates(authority.trusted())), Map.of()));
        return authority;
    }

    /** A CA from a Secret the spec names: tls.crt/tls.key as cert-manager writes them, or ca.crt/ca.key. */
    private Authority userAuthority(KafkaCluster cluster, SecretRef ref, String field) {
        Map<String, String> data = decoded(namedSecret(cluster, ref, field));
        Optional<X509Certificate> certificate = Pem.readCertificate(data.getOrDefault("tls.crt", data.get(CA_CERT)));
        Optional<PrivateKey> key = Pem.readPrivateKey(data.getOrDefault("tls.key", data.get(CA_KEY)));
        if (certificate.isEmpty() || key.isEmpty()) {
            throw unusable(ref, field, data, "to let the operator generate the CA");
        }
        return new Authority(new CertificateAuthority(certificate.get(), key.get()), List.of(certificate.get()));
    }

    /** Issues what each node needs; returns when each node's certificate was issued (its notBefore), by pod name. */
    private Map<String, Instant> nodeCertificates(
            ClusterChildren children,
            ClusterApplier applier,
            ClusterFacts facts,
            ClusterTopology topology,
            Function<String, Service> services,
            Authority ca,
            Authority clientsCa,
            RenewalPlanner.Settings settings,
            Instant now) {
        KafkaCluster cluster = facts.cluster();
        Secret existing = ownSecret(children, cluster, ClusterNames.nodeCertificates(topology.cluster()));
        Map<String, String> stored = decoded(existing);
        Map<String, String> data = new TreeMap<>();
        Map<String, Set<String>> wanted = new LinkedHashMap<>();
        Set<String> brokerNodes =
                CertificateNames.nodeAddresses(facts.observed().podsOf(topology.brokerStatefulSet()));
        for (int ordinal = 0; ordinal < topology.brokers(); ordinal++) {
            String pod = ClusterNames.podName(topology.brokerStatefulSet(), ordinal);
            wanted.put(pod, CertificateNames.broker(topology, ordinal, services, brokerNodes));
        }
        if (topology.dedicated()) {
            for (int ordinal = 0; ordinal < topology.controllers(); ordinal++) {
                wanted.put(
                        ClusterNames.podName(topology.controllerStatefulSet(), ordinal),
                        CertificateNames.controller(topology, ordinal));
            }
        }
        List<String> renewed = new ArrayList<>();
        wanted.forEach((pod, names) -> {
            String file = pod + ".pem";
            Optional<X509Certificate> current = Pem.readCertificate(stored.get(file));
            Optional<String> reason = RenewalPlanner.nodeRenewal(current, names, ca.signer(), settings, now);
            if (reason.isEmpty()) {
                data.put(file, stored.get(file));
                return;
            }
            RenewalPlanner.Validity validity = RenewalPlanner.issuedValidity(current, ca.signer(), settings, now);
            CertificateAuthority.Issued issued =
                    ca.signer().issue(pod, names, validity.notBefore(), validity.notAfter());
            data.put(
                    file,
                    Pem.keyStore(
                            issued.key(),
                            List.of(issued.certificate(), ca.signer().certificate())));
            renewed.add(pod + " (" + reason.get() + ")");
        });
        for (ListenerSpec listener : KafkaNodeConfig.tlsListeners(topology)) {
            if (listener.getCertificate() != null) {
                data.put(KafkaNodeConfig.listenerKeyStore(listener), listenerKeyStore(cluster, listener));
            }
        }
        data.put(CA_CERT, Pem.certificates(ca.trusted()));
        // Only where a listener authenticates clients by certificate, so existing TLS clusters see no change.
        if (topology.listeners().stream().anyMatch(KafkaNodeConfig::mutualTls)) {
            data.put(KafkaNodeConfig.CLIENTS_CA_KEY, Pem.certificates(clientsCa.trusted()));
        }

        Map<String, String> annotations = new HashMap<>();
        boolean reissue = existing != null
                || !facts.observed().podsOf(topology.brokerStatefulSet()).isEmpty();
        Optional<String> renewedAt = renewedAt(
                Optional.ofNullable(existing)
                        .map(s -> s.getMetadata().getAnnotations())
                        .map(a -> a.get(RENEWED_AT)),
                !data.equals(stored),
                reissue,
                now);
        renewedAt.ifPresent(at -> annotations.put(RENEWED_AT, at));
        if (!renewed.isEmpty()) {
            LOG.info("{}: issued node certificates: {}", Resources.ref(cluster), renewed);
            if (reissue) {
                events.normal(
                        cluster,
                        ClusterReasons.CERTIFICATES_RENEWED,
                        "issued node certificates: " + String.join(", ", renewed));
            }
        }
        applier.apply(secretOf(cluster, ClusterNames.nodeCertificates(topology.cluster()), data, annotations));
        Map<String, Instant> issued = new TreeMap<>();
        wanted.keySet()
                .forEach(pod -> Pem.readCertificate(data.get(pod + ".pem"))
                        .ifPresent(certificate -> issued.put(pod, RenewalPlanner.notBefore(certificate))));
        return issued;
    }

    /**
     * The operator's own client certificate for its admin connection ({@link KafkaNodeConfig#OPERATOR_PRINCIPAL}, a super
     * user), issued by the cluster CA into a Secret owned by the cluster that no pod mounts; renewed like the nodes'. The
     * operator reads it back when it builds the cluster's Admin client ({@link OperatorCertificate}).
     */
    private void operatorCertificate(
            ClusterChildren children,
            ClusterApplier applier,
            KafkaCluster cluster,
            Authority ca,
            RenewalPlanner.Settings settings,
            Instant now) {
        String secretName =
                ClusterNames.operatorCertificate(cluster.getMetadata().getName());
        Map<String, String> stored = decoded(ownSecret(children, cluster, secretName));
        Map<String, String> data = new TreeMap<>(stored);
        Optional<String> reason = RenewalPlanner.nodeRenewal(
                Pem.readCertificate(stored.get(OperatorCertificate.CERTIFICATE)), Set.of(), ca.signer(), settings, now);
        if (reason.isPresent()
                || Pem.readPrivateKey(stored.get(OperatorCertificate.KEY)).isEmpty()) {
            CertificateAuthority.Issued issued = ca.signer()
                    .issue(
                            KafkaNodeConfig.OPERATOR_COMMON_NAME,
                            Set.of(),
                            now,
                            RenewalPlanner.issuedNotAfter(ca.signer().certificate(), settings, now));
            data.put(
                    OperatorCertificate.CERTIFICATE,
                    Pem.certificates(List.of(issued.certificate(), ca.signer().certificate())));
            data.put(OperatorCertificate.KEY, Pem.privateKey(issued.key()));
            LOG.info("{}: issued the operator's certificate ({})", Resources.ref(cluster), reason.orElse("no key"));
        }
        data.put(CA_CERT, Pem.certificates(ca.trusted()));
        applier.apply(secretOf(cluster, secretName, data, Map.of()));
    }

    /** A listener's own certificate from the Secret the spec names, as a PEM key store (key, then chain). */
    private String listenerKeyStore(KafkaCluster cluster, ListenerSpec listener) {
        String field = "spec.listeners[" + listener.getName() + "].certificate";
        Map<String, String> data = decoded(namedSecret(cluster, listener.getCertificate(), field));
        List<X509Certificate> chain = Pem.readCertificates(data.get("tls.crt"));
        Optional<PrivateKey> key = Pem.readPrivateKey(data.get("tls.key"));
        if (chain.isEmpty() || key.isEmpty()) {
            throw unusable(listener.getCertificate(), field, data, "to use the certificates the operator issues");
        }
        return Pem.keyStore(key.get(), chain);
    }

    private static CertificateSecretException unusable(
            SecretRef ref, String field, Map<String, String> data, String otherwise) {
        return new CertificateSecretException("Secret " + ref.getSecretName() + " named in " + field
                + (data.isEmpty() ? " does not exist" : " has no readable PEM certificate and private key")
                + ": create it with tls.crt and tls.key (an unencrypted key), or remove " + field + " " + otherwise);
    }

    /**
     * Asks every running broker to reload its TLS key stores while a renewal is recent. Best effort: a broker that
     * does not answer is asked again on the next pass.
     */
    private void reload(
            ClusterChildren children,
            ClusterFacts facts,
            ClusterTopology topology,
            Instant now,
            ReconcileOutcome outcome) {
        Secret stored = ownSecret(children, facts.cluster(), ClusterNames.nodeCertificates(topology.cluster()));
        Optional<Instant> renewedAt = Optional.ofNullable(stored)
                .map(s -> s.getMetadata().getAnnotations())
                .map(a -> a.get(RENEWED_AT))
                .flatMap(CertificatesStep::instant);
        if (!reloadDue(renewedAt, now) || facts.kafka().admin() == null) {
            return;
        }
        Map<ConfigResource, Collection<AlterConfigOp>> ops = reloadRequests(
                topology,
                facts.observed().podsOf(topology.brokerStatefulSet()).stream()
                        .map(p -> topology.nodeIdOf(p.getMetadata().getName()))
                        .toList());
        try {
            facts.kafka()
                    .admin()
                    .incrementalAlterConfigs(ops)
                    .all()
                    .get(adminTimeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info(
                    "{}: asked brokers {} to reload their TLS key stores",
                    facts.ref(),
                    ops.keySet().stream().map(ConfigResource::name).toList());
        } catch (Exception e) {
            LOG.info("{}: reloading TLS key stores failed, retrying on the next pass: {}", facts.ref(), e.toString());
        }
        outcome.lookAgainWithin(WHILE_RELOADING);
    }

    /**
     * When the node certificates last changed after their first issue, which opens the reload window. {@code reissue}
     * is true once a Secret was stored or a broker pod exists: a Secret deleted by hand under running brokers counts,
     * since they still serve the old files and must reload the new ones. The first issue of a new cluster needs no reload.
     */
    static Optional<String> renewedAt(Optional<String> previous, boolean changed, boolean reissue, Instant now) {
        return changed && reissue ? Optional.of(now.toString()) : previous;
    }

    static boolean reloadDue(Optional<Instant> renewedAt, Instant now) {
        return renewedAt.map(at -> now.isBefore(at.plus(RELOAD_WINDOW))).orElse(false);
    }

    /**
     * Per broker: every TLS listener's key store location set to the value it has, which makes Kafka reload it (and its
     * trust store, when that file changed too). With internal TLS that includes the replication listener, and the
     * controller listener of combined voters.
     */
    static Map<ConfigResource, Collection<AlterConfigOp>> reloadRequests(
            ClusterTopology topology, List<Integer> brokerIds) {
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new LinkedHashMap<>();
        for (int id : brokerIds) {
            List<AlterConfigOp> alter = new ArrayList<>();
            if (topology.security().internalTls()) {
                List<String> internal = topology.isCombinedVoter(id)
                        ? List.of(KafkaNodeConfig.REPLICATION_LISTENER, KafkaNodeConfig.CONTROLLER_LISTENER)
                        : List.of(KafkaNodeConfig.REPLICATION_LISTENER);
                for (String listener : internal) {
                    String key =
                            "listener.name." + listener.toLowerCase(java.util.Locale.ROOT) + ".ssl.keystore.location";
                    alter.add(new AlterConfigOp(
                            new ConfigEntry(
                                    key,
                                    KafkaNodeConfig.TLS_PATH + "/"
                                            + ClusterNames.podName(topology.brokerStatefulSet(), id) + ".pem"),
                            AlterConfigOp.OpType.SET));
                }
            }
            for (ListenerSpec listener : KafkaNodeConfig.tlsListeners(topology)) {
                String location = KafkaNodeConfig.keyStoreLocation(listener)
                        .replace("${POD_NAME}", ClusterNames.podName(topology.brokerStatefulSet(), id));
                alter.add(new AlterConfigOp(
                        new ConfigEntry(KafkaNodeConfig.keyStoreLocationKey(listener), location),
                        AlterConfigOp.OpType.SET));
            }
            ops.put(new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(id)), alter);
        }
        return ops;
    }

    /*
     * The Secret reads of the cluster step: its own Secrets from the informer, which watches only Secrets labelled
     * krafter.dev/cluster; the Secrets a spec names by name, in the cluster's namespace. Kubernetes RBAC cannot limit
     * `get`, `list` or `watch` to the Secrets the operator owns, so the code does: a Secret is used only when it is the
     * cluster's own (ownSecret) or one its spec names (namedSecret), and a spec cannot name a Secret Krafter manages.
     */

    /** The cluster's own Secret {@code name}; null when absent. Someone else's Secret under that name is left unread. */
    private static Secret ownSecret(ClusterChildren children, KafkaCluster cluster, String name) {
        Secret secret = children.get(Secret.class, name).orElse(null);
        if (secret != null) {
            ChildOwnership.refusal(
                            secret,
                            cluster.getMetadata().getName(),
                            cluster.getMetadata().getUid())
                    .ifPresent(refusal -> {
                        throw new ChildOwnership.ForeignObjectException(refusal);
                    });
        }
        return secret;
    }

    /**
     * A Secret the spec names in {@code field} (a CA or listener certificate of the user's); null when absent. One that
     * Krafter manages for a cluster (this one's or another's, such as its CA key) is refused: whoever may write a
     * KafkaCluster would otherwise have brokers signed with a CA they cannot read.
     */
    private Secret namedSecret(KafkaCluster cluster, SecretRef ref, String field) {
        Secret secret = get(cluster, ref.getSecretName());
        Optional<String> manager = secret == null ? Optional.empty() : managingCluster(secret);
        if (manager.isPresent()) {
            throw new CertificateSecretException("Secret " + ref.getSecretName() + " named in " + field
                    + " is one Krafter manages for KafkaCluster " + manager.get() + ": name a Secret of your own (for"
                    + " example one cert-manager writes), or remove " + field);
        }
        return secret;
    }

    /** The KafkaCluster that controls {@code secret}, if any. */
    static Optional<String> managingCluster(Secret secret) {
        List<OwnerReference> owners = secret.getMetadata().getOwnerReferences();
        return owners == null
                ? Optional.empty()
                : owners.stream()
                        .filter(o -> Boolean.TRUE.equals(o.getController())
                                && "KafkaCluster".equals(o.getKind())
                                && o.getApiVersion() != null
                                && o.getApiVersion().startsWith(ApiGroup.GROUP + "/"))
                        .map(OwnerReference::getName)
                        .findFirst();
    }

    private Secret get(KafkaCluster cluster, String name) {
        return client.secrets()
                .inNamespace(cluster.getMetadata().getNamespace())
                .withName(name)
                .get();
    }

    private static Optional<CertificateAuthority> ca(Map<String, String> data, String certKey, String keyKey) {
        Optional<X509Certificate> certificate = Pem.readCertificate(data.get(certKey));
        Optional<PrivateKey> key = Pem.readPrivateKey(data.get(keyKey));
        return certificate.isPresent() && key.isPresent()
                ? Optional.of(new CertificateAuthority(certificate.get(), key.get()))
                : Optional.empty();
    }

    private static Map<String, String> decoded(Secret secret) {
        Map<String, String> data = new TreeMap<>();
        if (secret != null && secret.getData() != null) {
            secret.getData()
                    .forEach(
                            (k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        return data;
    }

    static Secret secretOf(
            KafkaCluster cluster, String name, Map<String, String> data, Map<String, String> annotations) {
        Map<String, String> encoded = new TreeMap<>();
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(cluster.getMetadata().getNamespace())
                .withLabels(ClusterLabels.common(cluster.getMetadata().getName()))
                .withAnnotations(new TreeMap<>(annotations))
                .withOwnerReferences(ClusterObjects.owner(cluster))
                .endMetadata()
                .withType("Opaque")
                .withData(encoded)
                .build();
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
