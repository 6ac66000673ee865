package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.ListenerSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The Kafka configuration of every node, as the broker image's entrypoint reads it: a common
 * {@code server.properties} and optional {@code node-<ordinal>.properties} overrides, with the entrypoint's
 * placeholders ({@code ${POD_NAME}}, {@code ${POD_NAMESPACE}}, {@code ${ADVERTISED_HOST}}) left for it to fill in.
 * Pure functions of the topology and the desired config.
 *
 * <p>Listeners: {@code CONTROLLER} on 9090 (quorum voters only), {@code REPLICATION} on 9091 (inter-broker traffic and
 * the operator's Admin client), and one listener per spec listener, named after it in upper case. A spec listener with
 * {@code tls: true} is SSL with a PEM key store (KIP-651: key and chain in one file, no password) from the node
 * certificates Secret mounted at {@link #TLS_PATH}; every other listener is plaintext. {@code authentication: tls}
 * requires a client certificate signed by the clients CA; {@code scram-sha-512} is SASL_SSL (or SASL_PLAINTEXT without
 * TLS). With internal TLS ({@link ClusterTopology.Security#internalTls()}) the CONTROLLER and REPLICATION listeners are
 * SSL with mutual authentication by cluster CA certificates. Principals follow {@link #PRINCIPAL_MAPPING_RULES}.
 */
public final class KafkaNodeConfig {
    public static final String CONTROLLER_LISTENER = "CONTROLLER";
    public static final String REPLICATION_LISTENER = "REPLICATION";
    public static final String SERVER_PROPERTIES = "server.properties";
    /** Where the node certificates Secret is mounted in broker pods. */
    public static final String TLS_PATH = "/etc/kafka/tls";

    /** The cluster CA bundle in the node certificates Secret: trusted on the internal listeners. */
    public static final String CLUSTER_CA_FILE = TLS_PATH + "/ca.crt";
    /** The clients CA bundle in the node certificates Secret: trusted on listeners with authentication: tls. */
    public static final String CLIENTS_CA_KEY = "clients-ca.crt";
    /** Client config for Kafka's CLI in the broker pods, a key of the broker ConfigMap the entrypoint writes out. */
    public static final String CLIENT_PROPERTIES = "client.properties";

    /** The principal of every broker and controller of a cluster (their cluster CA certificates). */
    public static final String NODE_PRINCIPAL = "User:CN=krafter-node,O=krafter.dev";
    /** The principal of the operator's admin connection (its cluster CA certificate). */
    public static final String OPERATOR_PRINCIPAL = "User:CN=krafter-operator,O=krafter.dev";
    /** Common name of the operator's certificate. */
    public static final String OPERATOR_COMMON_NAME = "krafter-operator";
    /**
     * How certificate subjects become principals (docs/security.md, "Principals"): a node certificate
     * ({@code CN=<cluster>-broker-<n>,O=krafter.dev}) becomes {@link #NODE_PRINCIPAL}, so scaling never changes
     * super.users; a subject that is only {@code CN=<name>} (the clients CA's KafkaUser certificates) becomes
     * {@code User:<name>}; anything else keeps its full subject.
     */
    public static final String PRINCIPAL_MAPPING_RULES = "RULE:^CN=[^,]+-(broker|controller)-[0-9]+,O=krafter\\.dev$"
            + "/CN=krafter-node,O=krafter.dev/,RULE:^CN=([^,]+)$/$1/,DEFAULT";

    public static final String STANDARD_AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule required;";

    private KafkaNodeConfig() {}

    public static String nodeFile(int ordinal) {
        return "node-" + ordinal + ".properties";
    }

    public static String listenerName(ListenerSpec listener) {
        return listener.getName().toUpperCase(Locale.ROOT);
    }

    /**
     * Production defaults of a new cluster, sized to its broker count. Replication factors are min(3, brokers); min ISR is 2 from three
     * brokers on (1 below, or a single broker could never accept acks=all writes). The user's config overrides these.
     */
    public static Map<String, String> defaults(int brokers) {
        int replication = Math.min(3, Math.max(1, brokers));
        int minIsr = brokers >= 3 ? 2 : 1;
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("default.replication.factor", Integer.toString(replication));
        defaults.put("min.insync.replicas", Integer.toString(minIsr));
        defaults.put("offsets.topic.replication.factor", Integer.toString(replication));
        defaults.put("transaction.state.log.replication.factor", Integer.toString(replication));
        defaults.put("transaction.state.log.min.isr", Integer.toString(minIsr));
        defaults.put("unclean.leader.election.enable", "false");
        defaults.put("auto.create.topics.enable", "false");
        return defaults;
    }

    /** The defaults that decide how many copies Kafka keeps and how many acks=all waits for. */
    public static final Set<String> DURABILITY_KEYS = Set.of(
            "default.replication.factor",
            "min.insync.replicas",
            "offsets.topic.replication.factor",
            "transaction.state.log.replication.factor",
            "transaction.state.log.min.isr");

    /** A new cluster's config: defaults sized to its brokers, then the user's config on top. */
    public static Map<String, String> desiredBrokerConfig(int brokers, Map<String, String> userConfig) {
        return desiredBrokerConfig(brokers, Map.of(), userConfig);
    }

    /**
     * Defaults, then the user's config on top (the user wins; owned keys are refused earlier). Durability defaults
     * ({@link #DURABILITY_KEYS}) are sized to the brokers only when the cluster is created: afterwards they keep the value
     * the cluster runs with ({@code running}, the brokers' server.properties as last written), so scaling never raises or
     * lowers min.insync.replicas or a replication factor behind the user's back. A user who wants another value sets it
     * in spec.brokers.config.
     *
     * @param running the config the brokers run with now, empty for a new cluster
     */
    public static Map<String, String> desiredBrokerConfig(
            int brokers, Map<String, String> running, Map<String, String> userConfig) {
        Map<String, String> desired = new TreeMap<>(defaults(brokers));
        DURABILITY_KEYS.stream().filter(running::containsKey).forEach(key -> desired.put(key, running.get(key)));
        desired.putAll(userConfig);
        return desired;
    }

    /** The key=value pairs of a server.properties file (empty when it cannot be read). */
    public static Map<String, String> parse(String serverProperties) {
        java.util.Properties properties = new java.util.Properties();
        try {
            properties.load(new java.io.StringReader(serverProperties));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Map.of();
        }
        Map<String, String> parsed = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> parsed.put(key, properties.getProperty(key)));
        return parsed;
    }

    /** The keys only the operator sets, common to every broker of the cluster. */
    public static Map<String, String> brokerOwnedConfig(ClusterTopology topology) {
        Map<String, String> owned = new LinkedHashMap<>();
        owned.put("process.roles", "broker");
        owned.put("listeners", brokerListeners(topology, false));
        owned.put("advertised.listeners", advertisedListeners(topology, Map.of()));
        owned.put("listener.security.protocol.map", securityProtocolMap(topology));
        owned.put("inter.broker.listener.name", REPLICATION_LISTENER);
        owned.put("controller.listener.names", CONTROLLER_LISTENER);
        owned.put("controller.quorum.voters", topology.quorumVoters());
        owned.putAll(tlsListenerConfig(topology));
        owned.putAll(authenticationConfig(topology));
        if (topology.security().internalTls()) {
            owned.putAll(internalTlsConfig(REPLICATION_LISTENER));
            owned.putAll(internalTlsConfig(CONTROLLER_LISTENER));
        }
        owned.putAll(principalAndAuthorizerConfig(
                topology,
                topology.security().internalTls()
                        || topology.listeners().stream().anyMatch(KafkaNodeConfig::mutualTls)));
        return owned;
    }

    /** A client listener that requires client certificates. */
    public static boolean mutualTls(ListenerSpec listener) {
        return listener.isTls() && listener.getAuthentication() == ListenerSpec.Authentication.TLS;
    }

    public static boolean scram(ListenerSpec listener) {
        return listener.getAuthentication() == ListenerSpec.Authentication.SCRAM_SHA_512;
    }

    /** The Kafka security protocol of a client listener. */
    static String securityProtocol(ListenerSpec listener) {
        if (scram(listener)) {
            return listener.isTls() ? "SASL_SSL" : "SASL_PLAINTEXT";
        }
        return listener.isTls() ? "SSL" : "PLAINTEXT";
    }

    /** Per client listener: the clients CA trust store of mTLS, the SCRAM mechanism and its server login module. */
    static Map<String, String> authenticationConfig(ClusterTopology topology) {
        Map<String, String> config = new LinkedHashMap<>();
        for (ListenerSpec listener : topology.listeners()) {
            String prefix = listenerPrefix(listener);
            if (mutualTls(listener)) {
                config.put(prefix + "ssl.client.auth", "required");
                config.put(prefix + "ssl.truststore.type", "PEM");
                config.put(prefix + "ssl.truststore.location", TLS_PATH + "/" + CLIENTS_CA_KEY);
            } else if (scram(listener)) {
                config.put(prefix + "sasl.enabled.mechanisms", SCRAM_MECHANISM);
                config.put(prefix + "scram-sha-512.sasl.jaas.config", SCRAM_LOGIN_MODULE);
            }
        }
        return config;
    }

    /**
     * An internal listener with mutual TLS: the node's own certificate, the cluster CA as the only trusted issuer. The
     * same listener-prefixed keys configure the node's client side (a broker connecting to its peers and controllers).
     */
    static Map<String, String> internalTlsConfig(String listenerName) {
        String prefix = "listener.name." + listenerName.toLowerCase(Locale.ROOT) + ".";
        Map<String, String> config = new LinkedHashMap<>();
        config.put(prefix + "ssl.keystore.type", "PEM");
        config.put(prefix + "ssl.keystore.location", TLS_PATH + "/${POD_NAME}.pem");
        config.put(prefix + "ssl.truststore.type", "PEM");
        config.put(prefix + "ssl.truststore.location", CLUSTER_CA_FILE);
        config.put(prefix + "ssl.client.auth", "required");
        return config;
    }

    /** The principal mapping when certificates authenticate anyone; the authorizer and its super users when enabled. */
    static Map<String, String> principalAndAuthorizerConfig(
            ClusterTopology topology, boolean certificatesAuthenticate) {
        Map<String, String> config = new LinkedHashMap<>();
        if (certificatesAuthenticate) {
            config.put("ssl.principal.mapping.rules", PRINCIPAL_MAPPING_RULES);
        }
        if (topology.security().authorization()) {
            config.put("authorizer.class.name", STANDARD_AUTHORIZER);
            config.put("allow.everyone.if.no.acl.found", "false");
            config.put("super.users", superUsers(topology));
        }
        return config;
    }

    /** The nodes and the operator, then the spec's super users, without repeats. */
    static String superUsers(ClusterTopology topology) {
        Set<String> users = new java.util.LinkedHashSet<>(List.of(NODE_PRINCIPAL, OPERATOR_PRINCIPAL));
        users.addAll(topology.security().superUsers());
        return String.join(";", users);
    }

    /**
     * Client config for Kafka's CLI inside a broker pod ({@code --command-config /tmp/kafka/client.properties}): the
     * replication listener with the node's own certificate, so a super user once authorization is on. Whoever can exec
     * into a broker pod can read that key anyway; the file adds no access.
     */
    public static String podClientProperties(ClusterTopology topology) {
        Map<String, String> config = new LinkedHashMap<>();
        if (topology.security().internalTls()) {
            config.put("security.protocol", "SSL");
            config.put("ssl.keystore.type", "PEM");
            config.put("ssl.keystore.location", TLS_PATH + "/${POD_NAME}.pem");
            config.put("ssl.truststore.type", "PEM");
            config.put("ssl.truststore.location", CLUSTER_CA_FILE);
        } else {
            config.put("security.protocol", "PLAINTEXT");
        }
        return render(
                "Kafka CLI config for the replication listener (port " + ClusterNames.REPLICATION_PORT + ") of "
                        + topology.cluster() + ", written by the Krafter operator: --bootstrap-server "
                        + ClusterNames.bootstrap(topology.cluster()) + ":" + ClusterNames.REPLICATION_PORT
                        + " --command-config /tmp/kafka/" + CLIENT_PROPERTIES,
                config);
    }

    /** The TLS listeners of the spec; empty for a plaintext cluster. */
    public static List<ListenerSpec> tlsListeners(ClusterTopology topology) {
        return topology.listeners().stream().filter(ListenerSpec::isTls).toList();
    }

    /**
     * Key store of a TLS listener in the pod: the listener's own certificate when the spec names one (the same on every
     * broker), else the broker's node certificate ({@code ${POD_NAME}} is filled in by the entrypoint).
     */
    public static String keyStoreLocation(ListenerSpec listener) {
        return TLS_PATH + "/" + (listener.getCertificate() != null ? listenerKeyStore(listener) : "${POD_NAME}.pem");
    }

    /** Key of a listener's own certificate in the node certificates Secret. */
    public static String listenerKeyStore(ListenerSpec listener) {
        return "listener-" + listener.getName() + ".pem";
    }

    /** The listener-prefixed key Kafka reloads a listener's key store by (per broker, same value). */
    public static String keyStoreLocationKey(ListenerSpec listener) {
        return listenerPrefix(listener) + "ssl.keystore.location";
    }

    private static String listenerPrefix(ListenerSpec listener) {
        return "listener.name." + listener.getName().toLowerCase(Locale.ROOT) + ".";
    }

    /**
     * Per TLS listener: a PEM key store. {@code ssl.allow.san.changes} lets a renewed certificate with new names (an
     * external address that became known) be reloaded live; Kafka otherwise refuses a reload that changes them.
     */
    static Map<String, String> tlsListenerConfig(ClusterTopology topology) {
        Map<String, String> config = new LinkedHashMap<>();
        for (ListenerSpec listener : tlsListeners(topology)) {
            String prefix = listenerPrefix(listener);
            config.put(prefix + "ssl.keystore.type", "PEM");
            config.put(prefix + "ssl.keystore.location", keyStoreLocation(listener));
            config.put(prefix + "ssl.allow.san.changes", "true");
        }
        return config;
    }

    /** server.properties of the broker pods: owned keys, then the desired config. */
    public static String brokerServerProperties(ClusterTopology topology, Map<String, String> desiredConfig) {
        Map<String, String> all = new LinkedHashMap<>(brokerOwnedConfig(topology));
        new TreeMap<>(desiredConfig).forEach(all::putIfAbsent);
        return render(
                "Common config of the brokers of " + topology.cluster() + ", written by the Krafter operator.", all);
    }

    /**
     * Per-broker overrides: combined voters add the controller role and listener; brokers with external listeners
     * advertise their own external address. Brokers needing neither get no file.
     */
    public static Map<String, String> brokerNodeFiles(ClusterTopology topology, ExternalAddresses external) {
        Map<String, String> files = new TreeMap<>();
        for (int ordinal = 0; ordinal < topology.brokers(); ordinal++) {
            Map<String, String> overrides = new LinkedHashMap<>();
            if (topology.isCombinedVoter(ordinal)) {
                overrides.put("process.roles", "broker,controller");
                overrides.put("listeners", brokerListeners(topology, true));
            }
            if (!topology.externalListeners().isEmpty()) {
                overrides.put("advertised.listeners", advertisedListeners(topology, external.forBroker(ordinal)));
            }
            if (!overrides.isEmpty()) {
                files.put(nodeFile(ordinal), render("Overrides for broker " + ordinal + ".", overrides));
            }
        }
        return files;
    }

    /** server.properties of dedicated controllers: only what a KRaft controller needs. */
    public static String controllerServerProperties(ClusterTopology topology) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "controller");
        config.put("listeners", CONTROLLER_LISTENER + "://:" + ClusterNames.CONTROLLER_PORT);
        config.put("listener.security.protocol.map", CONTROLLER_LISTENER + ":" + internalProtocol(topology));
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        config.put("controller.quorum.voters", topology.quorumVoters());
        if (topology.security().internalTls()) {
            config.putAll(internalTlsConfig(CONTROLLER_LISTENER));
        }
        config.putAll(principalAndAuthorizerConfig(topology, topology.security().internalTls()));
        return render(
                "Config of the dedicated KRaft controllers of " + topology.cluster()
                        + ", written by the Krafter operator.",
                config);
    }

    static String brokerListeners(ClusterTopology topology, boolean withController) {
        StringBuilder listeners = new StringBuilder();
        if (withController) {
            listeners
                    .append(CONTROLLER_LISTENER)
                    .append("://:")
                    .append(ClusterNames.CONTROLLER_PORT)
                    .append(',');
        }
        listeners.append(REPLICATION_LISTENER).append("://:").append(ClusterNames.REPLICATION_PORT);
        for (ListenerSpec listener : topology.listeners()) {
            listeners.append(',').append(listenerName(listener)).append("://:").append(listener.getPort());
        }
        return listeners.toString();
    }

    /**
     * Internal listeners advertise the pod's stable DNS name; external ones the address from {@code external}
     * (listener name → host:port), falling back to the pod DNS name when it is not known.
     */
    static String advertisedListeners(ClusterTopology topology, Map<String, String> external) {
        String podHost = "${POD_NAME}." + ClusterNames.headless(topology.cluster()) + ".${POD_NAMESPACE}.svc";
        StringBuilder advertised =
                new StringBuilder(REPLICATION_LISTENER + "://" + podHost + ":" + ClusterNames.REPLICATION_PORT);
        for (ListenerSpec listener : topology.listeners()) {
            String address = external.getOrDefault(listener.getName(), podHost + ":" + listener.getPort());
            advertised.append(',').append(listenerName(listener)).append("://").append(address);
        }
        return advertised.toString();
    }

    static String securityProtocolMap(ClusterTopology topology) {
        String internal = internalProtocol(topology);
        StringBuilder map =
                new StringBuilder(CONTROLLER_LISTENER + ":" + internal + "," + REPLICATION_LISTENER + ":" + internal);
        for (ListenerSpec listener : topology.listeners()) {
            map.append(',').append(listenerName(listener)).append(':').append(securityProtocol(listener));
        }
        return map.toString();
    }

    private static String internalProtocol(ClusterTopology topology) {
        return topology.security().internalTls() ? "SSL" : "PLAINTEXT";
    }

    /** Renders key=value lines in the java.util.Properties format. */
    static String render(String comment, Map<String, String> config) {
        return "# " + comment + "\n"
                + config.entrySet().stream()
                        .map(e -> escape(e.getKey(), true) + "=" + escape(e.getValue(), false))
                        .collect(Collectors.joining("\n"))
                + "\n";
    }

    private static String escape(String text, boolean key) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '=', ':', ' ', '#', '!' -> {
                    if (key || (c == ' ' && i == 0)) {
                        out.append('\\');
                    }
                    out.append(c);
                }
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The external address each broker advertises per external listener; empty when not (yet) known. */
    public record ExternalAddresses(Map<Integer, Map<String, String>> byBroker) {
        public static final ExternalAddresses NONE = new ExternalAddresses(Map.of());

        public Map<String, String> forBroker(int ordinal) {
            return byBroker.getOrDefault(ordinal, Map.of());
        }

        /** Whether every external listener of broker {@code ordinal} has a known address. */
        public boolean complete(int ordinal, List<ListenerSpec> externalListeners) {
            Map<String, String> known = forBroker(ordinal);
            return externalListeners.stream().allMatch(l -> known.containsKey(l.getName()));
        }
    }
}
