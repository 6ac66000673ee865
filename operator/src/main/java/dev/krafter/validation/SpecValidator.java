package dev.krafter.validation;

import dev.krafter.api.v1alpha1.AuthorizationSpec;
import dev.krafter.api.v1alpha1.Autoscale;
import dev.krafter.api.v1alpha1.CertificatesSpec;
import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.ConsumerGroupSpec;
import dev.krafter.api.v1alpha1.ControllersSpec;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaClusterSpec;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.OffsetReset;
import dev.krafter.api.v1alpha1.ReadableSpec;
import dev.krafter.api.v1alpha1.SecretConfig;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.api.v1alpha1.TopicSpec;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.server.config.AbstractKafkaConfig;

/**
 * Validation beyond what the CRD schema can express, in one place. Every problem is a sentence that says what to
 * change. The schema already checks types, ranges, enums and patterns; this checks relations between fields and
 * Kafka's own rules.
 */
public final class SpecValidator {
    /** Kafka config keys the operator computes per node; a user value would break the cluster. */
    public static final Set<String> OPERATOR_OWNED_BROKER_KEYS = Set.of(
            "node.id",
            "broker.id",
            "process.roles",
            "listeners",
            "advertised.listeners",
            "controller.quorum.voters",
            "controller.quorum.bootstrap.servers",
            "controller.listener.names",
            "inter.broker.listener.name",
            "listener.security.protocol.map",
            "log.dirs",
            "log.dir",
            "metadata.log.dir",
            "broker.rack",
            "cluster.id");
    /** Ports the nodes use for their own purposes. */
    public static final Map<Integer, String> RESERVED_PORTS =
            Map.of(9090, "the controller listener", 9091, "the replication listener", 9404, "metrics", 9500, "probes");

    public static final Set<String> RESERVED_LISTENER_NAMES = Set.of("controller", "replication");
    public static final Set<Integer> ALLOWED_CONTROLLER_REPLICAS = Set.of(1, 3, 5);

    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final int MAX_TOPIC_NAME_LENGTH = 249;
    private static final int MAX_GROUP_ID_LENGTH = 255;

    private SpecValidator() {}

    public static Validation validate(KafkaCluster cluster) {
        KafkaClusterSpec spec = cluster.getSpec();
        List<String> problems = new ArrayList<>();
        if (spec != null && spec.unreadable().isPresent()) {
            return unreadable(spec);
        }
        if (spec == null || spec.getBrokers() == null) {
            return new Validation(List.of("spec.brokers is required"));
        }
        int brokers = spec.getBrokers().getReplicas();
        if (brokers < 1) {
            problems.add("spec.brokers.replicas must be at least 1, was " + brokers);
        }
        ControllersSpec controllers = spec.getControllers() == null ? new ControllersSpec() : spec.getControllers();
        Integer voters = controllers.getReplicas();
        if (voters != null && !ALLOWED_CONTROLLER_REPLICAS.contains(voters)) {
            problems.add(
                    "spec.controllers.replicas must be 1, 3 or 5 (a KRaft quorum needs an odd number of voters), was "
                            + voters);
        }
        if (voters != null && controllers.getMode() == ControllersSpec.Mode.COMBINED && voters > brokers) {
            problems.add("spec.controllers.replicas (" + voters + ") cannot exceed spec.brokers.replicas (" + brokers
                    + ") in combined mode: use more brokers, fewer controllers, or mode: dedicated");
        }
        problems.addAll(validateListeners(spec.getListeners()));
        problems.addAll(certificateProblems(spec.getCertificates()));
        problems.addAll(
                authorizationProblems(spec.getAuthorization(), spec.getBrokers().getConfig()));
        problems.addAll(validateBrokerConfig(spec.getBrokers().getConfig()));
        problems.addAll(secretConfigProblems(
                spec.getBrokers().getSecretConfig(), spec.getBrokers().getConfig()));
        problems.addAll(replicaCountProblems(spec.getBrokers().getConfig(), brokers));
        problems.addAll(NodeResources.problems(
                "spec.brokers",
                spec.getBrokers().getResources(),
                spec.getBrokers().getJvmOptions()));
        if (controllers.getMode() == ControllersSpec.Mode.DEDICATED) {
            problems.addAll(NodeResources.problems(
                    "spec.controllers", controllers.getResources(), controllers.getJvmOptions()));
        }
        return new Validation(problems);
    }

    static List<String> validateListeners(List<ListenerSpec> listeners) {
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (ListenerSpec listener : listeners == null ? List.<ListenerSpec>of() : listeners) {
            String name = listener.getName();
            if (name == null || name.isEmpty()) {
                problems.add("every listener needs a name");
                continue;
            }
            if (!names.add(name)) {
                problems.add("listener name '" + name + "' is used twice: listener names must be unique");
            }
            if (RESERVED_LISTENER_NAMES.contains(name)) {
                problems.add("listener name '" + name + "' is reserved for the operator: choose another name");
            }
            if (!ports.add(listener.getPort())) {
                problems.add("port " + listener.getPort() + " is used by two listeners: listener ports must be unique");
            }
            String reserved = RESERVED_PORTS.get(listener.getPort());
            if (reserved != null) {
                problems.add("listener '" + name + "' uses port " + listener.getPort() + ", which is reserved for "
                        + reserved + ": choose another port");
            }
            if (listener.getCertificate() != null && !listener.isTls()) {
                problems.add("listener '" + name + "' names a certificate but is not TLS: set tls: true or remove"
                        + " certificate");
            }
            if (listener.getAuthentication() == ListenerSpec.Authentication.TLS && !listener.isTls()) {
                problems.add(
                        "listener '" + name + "' asks for authentication: tls (client certificates), which needs TLS:"
                                + " set tls: true, or use authentication: scram-sha-512");
            }
        }
        return problems;
    }

    /** Keys spec.authorization sets in every node's config. */
    static final Set<String> AUTHORIZATION_KEYS =
            Set.of("authorizer.class.name", "super.users", "allow.everyone.if.no.acl.found");

    /** Super users are principals ({@code User:<name>}, separated by Kafka with ';'); the authorizer keys are owned. */
    static List<String> authorizationProblems(AuthorizationSpec authorization, Map<String, Object> brokerConfig) {
        List<String> problems = new ArrayList<>();
        if (authorization == null) {
            return problems;
        }
        for (String user : authorization.getSuperUsers() == null ? List.<String>of() : authorization.getSuperUsers()) {
            if (user == null || !user.startsWith("User:") || user.length() == "User:".length() || user.contains(";")) {
                problems.add("spec.authorization.superUsers has '" + user + "': write a principal as User:<name>"
                        + " (for example User:admin or User:CN=admin,O=example), without ';'");
            }
        }
        if (brokerConfig != null) {
            AUTHORIZATION_KEYS.stream()
                    .filter(brokerConfig::containsKey)
                    .sorted()
                    .forEach(key -> problems.add(
                            "spec.brokers.config sets " + key + ", which spec.authorization sets: remove it from"
                                    + " spec.brokers.config (add super users to spec.authorization.superUsers)"));
        }
        return problems;
    }

    /** A renewal window as long as the validity would renew a certificate on every reconcile. */
    static List<String> certificateProblems(CertificatesSpec certificates) {
        List<String> problems = new ArrayList<>();
        if (certificates == null) {
            return problems;
        }
        if (certificates.getRenewalDays() >= certificates.getValidityDays()) {
            problems.add(
                    "spec.certificates.renewalDays (" + certificates.getRenewalDays() + ") must be below validityDays ("
                            + certificates.getValidityDays()
                            + "), or every certificate would be renewed as soon as it is issued;"
                            + " lower renewalDays or raise validityDays");
        }
        if (certificates.getClusterCa() == null || certificates.getClientsCa() == null) {
            if (certificates.getRenewalDays() >= certificates.getCaValidityDays()) {
                problems.add("spec.certificates.renewalDays (" + certificates.getRenewalDays() + ") must be below"
                        + " caValidityDays (" + certificates.getCaValidityDays() + "); lower renewalDays or raise"
                        + " caValidityDays");
            }
        }
        return problems;
    }

    static List<String> validateBrokerConfig(Map<String, Object> config) {
        List<String> problems = new ArrayList<>();
        if (config == null) {
            return problems;
        }
        for (Map.Entry<String, Object> entry : config.entrySet()) {
            if (OPERATOR_OWNED_BROKER_KEYS.contains(entry.getKey())) {
                problems.add("spec.brokers.config." + entry.getKey()
                        + " is set by the operator for every node: remove it from spec.brokers.config");
            }
        }
        problems.addAll(scalarValues("spec.brokers.config", config));
        Map<String, Object> notOwned = new LinkedHashMap<>(config);
        notOwned.keySet().removeAll(OPERATOR_OWNED_BROKER_KEYS);
        problems.addAll(KafkaConfigRules.brokerConfigProblems("spec.brokers.config", notOwned));
        return problems;
    }

    /**
     * Problems of spec.brokers.secretConfig: each entry names a key Kafka marks PASSWORD (other keys belong in
     * spec.brokers.config) or one under a plugin prefix (whose types Kafka does not know), once, and not also in
     * spec.brokers.config. The Secrets themselves are not read: a missing one keeps the pods from starting, which the
     * cluster status reports.
     */
    static List<String> secretConfigProblems(List<SecretConfig> entries, Map<String, Object> config) {
        List<String> problems = new ArrayList<>();
        if (entries == null) {
            return problems;
        }
        Map<String, Object> inline = config == null ? Map.of() : config;
        List<String> prefixes = KafkaConfigRules.pluginPrefixes(inline).stream()
                .filter(p -> !p.equals("listener.name."))
                .toList();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            SecretConfig entry = entries.get(i);
            String field = "spec.brokers.secretConfig[" + i + "]";
            if (entry == null
                    || blank(entry.getName())
                    || entry.getSecretKeyRef() == null
                    || blank(entry.getSecretKeyRef().getName())
                    || blank(entry.getSecretKeyRef().getKey())) {
                problems.add(field + " needs name, secretKeyRef.name and secretKeyRef.key");
                continue;
            }
            String key = entry.getName();
            if (!seen.add(key)) {
                problems.add(field + ".name " + key + " is listed twice: keep one entry per key");
            }
            if (inline.containsKey(key)) {
                problems.add(field + ".name " + key + " is also set in spec.brokers.config: remove it there");
            }
            if (!KafkaConfigRules.isBrokerPassword(key) && prefixes.stream().noneMatch(key::startsWith)) {
                problems.add(field + ".name " + key + " is not a broker config Kafka marks PASSWORD (nor one under "
                        + String.join(", ", prefixes) + "): set it in spec.brokers.config instead");
            }
        }
        return problems;
    }

    /**
     * Counts of replicas the broker config asks for, which a cluster of {@code brokers} cannot give: a min.insync.replicas
     * above the broker count (no acks=all write could ever succeed), a replication factor of Kafka's internal topics
     * (and the default one) above it (Kafka could not create them), and a min.insync.replicas above the default
     * replication factor. Every Kafka key that is a replication factor or a minimum ISR is checked, as Kafka names them.
     */
    static List<String> replicaCountProblems(Map<String, Object> config, int brokers) {
        List<String> problems = new ArrayList<>();
        if (config == null) {
            return problems;
        }
        for (String key : new TreeSet<>(config.keySet())) {
            boolean counted = key.endsWith(".replication.factor")
                    || key.endsWith(".min.isr")
                    || key.equals("min.insync.replicas");
            if (!counted || !AbstractKafkaConfig.CONFIG_DEF.names().contains(key)) {
                continue;
            }
            KafkaConfigRules.intValue(config, key)
                    .filter(n -> n > brokers)
                    .ifPresent(n -> problems.add("spec.brokers.config." + key + " (" + n + ") exceeds the " + brokers
                            + " brokers of this cluster"
                            + (key.endsWith(".replication.factor")
                                    ? ": Kafka could not create the topics it applies to"
                                    : ": no acks=all write could succeed")
                            + "; lower it to at most " + brokers + " or add brokers"));
        }
        Optional<Integer> minIsr = KafkaConfigRules.intValue(config, "min.insync.replicas");
        Optional<Integer> defaultRf = KafkaConfigRules.intValue(config, "default.replication.factor");
        if (minIsr.isPresent() && defaultRf.isPresent() && minIsr.get() > defaultRf.get() && minIsr.get() <= brokers) {
            problems.add("spec.brokers.config.min.insync.replicas (" + minIsr.get()
                    + ") exceeds default.replication.factor ("
                    + defaultRf.get() + "): no acks=all write to a topic created with the default replication factor"
                    + " could succeed; lower min.insync.replicas or raise default.replication.factor");
        }
        return problems;
    }

    /**
     * Validates a Topic; {@code cluster} is its KafkaCluster when known, for the checks that depend on it (replication
     * factor at most the broker count).
     */
    public static Validation validate(Topic topic, Optional<KafkaCluster> cluster) {
        TopicSpec spec = topic.getSpec();
        List<String> problems = new ArrayList<>();
        if (spec != null && spec.unreadable().isPresent()) {
            return unreadable(spec);
        }
        if (spec == null
                || spec.getClusterRef() == null
                || blank(spec.getClusterRef().getName())) {
            return new Validation(List.of("spec.clusterRef.name is required: name the KafkaCluster of this topic"));
        }
        String nameField = spec.getTopicName() == null ? "metadata.name" : "spec.topicName";
        problems.addAll(topicNameProblems(topic.kafkaTopicName(), nameField));
        if (isKafkaInternalTopic(topic.kafkaTopicName())) {
            problems.add(nameField + " '" + topic.kafkaTopicName() + "' is a topic Kafka keeps for itself (names"
                    + " starting with '__' are Kafka's internal topics; __consumer_offsets holds every group's committed"
                    + " offsets), and Krafter never manages or deletes them: delete this Topic (that leaves the Kafka"
                    + " topic alone)");
        }
        if (spec.getPartitions() != null && spec.getPartitions() < 1) {
            problems.add("spec.partitions must be at least 1");
        }
        if (spec.getReplicationFactor() != null) {
            if (spec.getReplicationFactor() < 1) {
                problems.add("spec.replicationFactor must be at least 1");
            }
            cluster.map(c -> c.getSpec().getBrokers().getReplicas())
                    .filter(brokers -> spec.getReplicationFactor() > brokers)
                    .ifPresent(brokers -> problems.add("spec.replicationFactor (" + spec.getReplicationFactor()
                            + ") exceeds the " + brokers + " brokers of KafkaCluster "
                            + spec.getClusterRef().getName()
                            + ": lower it to at most " + brokers + " or add brokers"));
        }
        problems.addAll(scalarValues("spec.config", spec.getConfig()));
        if (spec.getConfig() != null) {
            problems.addAll(KafkaConfigRules.topicConfigProblems("spec.config", spec.getConfig()));
        }
        problems.addAll(topicMinInsyncProblems(spec, cluster));
        return new Validation(problems);
    }

    /**
     * A topic's min.insync.replicas above its replication factor (or, with the cluster's default factor, above the
     * broker count) makes every acks=all write fail with NotEnoughReplicas.
     */
    static List<String> topicMinInsyncProblems(TopicSpec spec, Optional<KafkaCluster> cluster) {
        Optional<Integer> minIsr = KafkaConfigRules.intValue(spec.getConfig(), "min.insync.replicas");
        if (minIsr.isEmpty()) {
            return List.of();
        }
        if (spec.getReplicationFactor() != null) {
            return minIsr.get() > spec.getReplicationFactor() && spec.getReplicationFactor() >= 1
                    ? List.of("spec.config.min.insync.replicas (" + minIsr.get() + ") exceeds spec.replicationFactor ("
                            + spec.getReplicationFactor() + "): every acks=all write would fail with NotEnoughReplicas;"
                            + " lower min.insync.replicas to at most " + spec.getReplicationFactor()
                            + " or raise the replication factor")
                    : List.of();
        }
        return cluster.map(c -> c.getSpec().getBrokers().getReplicas())
                .filter(brokers -> minIsr.get() > brokers)
                .map(brokers -> List.of("spec.config.min.insync.replicas (" + minIsr.get() + ") exceeds the " + brokers
                        + " brokers of KafkaCluster " + spec.getClusterRef().getName() + ": every acks=all write would"
                        + " fail with NotEnoughReplicas; lower it to at most " + brokers))
                .orElse(List.of());
    }

    /**
     * Kafka's own topics: {@code __consumer_offsets}, {@code __transaction_state}, {@code __share_group_state},
     * {@code __remote_log_metadata}, {@code __cluster_metadata}, and any later one, since Kafka names them all with
     * the {@code __} prefix.
     */
    public static boolean isKafkaInternalTopic(String name) {
        return name != null && (org.apache.kafka.common.internals.Topic.isInternal(name) || name.startsWith("__"));
    }

    public static List<String> topicNameProblems(String name, String field) {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            problems.add(field + " must not be empty");
        } else if (name.equals(".") || name.equals("..")) {
            problems.add(field + " cannot be '.' or '..' (Kafka refuses these topic names)");
        } else if (name.length() > MAX_TOPIC_NAME_LENGTH) {
            problems.add(field + " is " + name.length() + " characters; Kafka topic names have at most "
                    + MAX_TOPIC_NAME_LENGTH);
        } else if (!TOPIC_NAME.matcher(name).matches()) {
            problems.add(field + " '" + name
                    + "' is not a legal Kafka topic name: use only letters, digits, '.', '_' and '-'");
        }
        return problems;
    }

    public static Validation validate(ConsumerGroup group) {
        ConsumerGroupSpec spec = group.getSpec();
        List<String> problems = new ArrayList<>();
        if (spec != null && spec.unreadable().isPresent()) {
            return unreadable(spec);
        }
        if (spec == null
                || spec.getClusterRef() == null
                || blank(spec.getClusterRef().getName())) {
            return new Validation(List.of("spec.clusterRef.name is required: name the KafkaCluster of this group"));
        }
        String groupId = group.kafkaGroupId();
        if (blank(groupId) || groupId.length() > MAX_GROUP_ID_LENGTH) {
            problems.add("the group id must have 1 to " + MAX_GROUP_ID_LENGTH + " characters");
        } else if (!groupId.equals(groupId.strip())) {
            problems.add("spec.groupId must not start or end with white space");
        }
        if (spec.getOffsetReset() != null) {
            problems.addAll(offsetResetProblems(spec.getOffsetReset()));
        }
        Autoscale autoscale = spec.getAutoscale();
        if (autoscale != null) {
            if (autoscale.getTargetRef() == null
                    || blank(autoscale.getTargetRef().getName())) {
                problems.add("spec.autoscale.targetRef.name is required: name the Deployment or StatefulSet to scale");
            } else if (!"Deployment".equals(autoscale.getTargetRef().getKind())
                    && !"StatefulSet".equals(autoscale.getTargetRef().getKind())) {
                problems.add("spec.autoscale.targetRef.kind must be Deployment or StatefulSet");
            }
            if (autoscale.getMinReplicas() > autoscale.getMaxReplicas()) {
                problems.add("spec.autoscale.minReplicas (" + autoscale.getMinReplicas() + ") exceeds maxReplicas ("
                        + autoscale.getMaxReplicas() + ")");
            }
            if (autoscale.getLagPerReplica() < 1) {
                problems.add("spec.autoscale.lagPerReplica must be at least 1");
            }
        }
        return new Validation(problems);
    }

    /**
     * A stored spec the operator cannot read (see {@link ReadableSpec}): stored before the schema had the maximum that
     * now refuses it. Nothing is done with it until it is changed.
     */
    static Validation unreadable(ReadableSpec spec) {
        return new Validation(List.of(spec.unreadable().orElseThrow() + "; the operator cannot read this spec and"
                + " leaves everything it manages for it as it is: change the value and apply it again"));
    }

    static List<String> offsetResetProblems(OffsetReset reset) {
        List<String> problems = new ArrayList<>();
        if (blank(reset.getId())) {
            problems.add("spec.offsetReset.id is required: any new id requests one reset");
        }
        if (reset.getTo() == null) {
            problems.add("spec.offsetReset.to is required: earliest, latest, timestamp, offset or shiftBy");
            return problems;
        }
        String value = reset.getValue();
        switch (reset.getTo()) {
            case EARLIEST, LATEST -> {
                if (!blank(value)) {
                    problems.add("spec.offsetReset.value is not used with to: "
                            + reset.getTo().name().toLowerCase() + "; remove it");
                }
            }
            case TIMESTAMP -> {
                if (parseTimestampMillis(value).isEmpty()) {
                    problems.add("spec.offsetReset.value must be an RFC 3339 time (2026-01-31T12:00:00Z) or epoch"
                            + " milliseconds with to: timestamp, was '" + value + "'");
                }
            }
            case OFFSET -> {
                Optional<Long> offset = parseLong(value);
                if (offset.isEmpty() || offset.get() < 0) {
                    problems.add("spec.offsetReset.value must be an offset (a number >= 0) with to: offset, was '"
                            + value + "'");
                }
            }
            case SHIFT_BY -> {
                if (parseLong(value).isEmpty()) {
                    problems.add("spec.offsetReset.value must be a signed number of messages with to: shiftBy, was '"
                            + value + "'");
                }
            }
        }
        for (String topic : reset.getTopics() == null ? List.<String>of() : reset.getTopics()) {
            problems.addAll(topicNameProblems(topic, "spec.offsetReset.topics entry"));
        }
        return problems;
    }

    /** Epoch milliseconds of an RFC 3339 time or a plain number of milliseconds. */
    public static Optional<Long> parseTimestampMillis(String value) {
        if (blank(value)) {
            return Optional.empty();
        }
        Optional<Long> millis = parseLong(value);
        if (millis.isPresent()) {
            return millis.filter(m -> m >= 0);
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.trim()).toInstant().toEpochMilli());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public static Optional<Long> parseLong(String value) {
        if (blank(value)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<String> scalarValues(String field, Map<String, Object> config) {
        List<String> problems = new ArrayList<>();
        if (config == null) {
            return problems;
        }
        config.forEach((key, value) -> {
            if (value == null) {
                problems.add(field + "." + key + " has no value: give it one or remove the key");
            } else if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                problems.add(field + "." + key + " must be a string, number or boolean, not a list or map");
            }
        });
        return problems;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
