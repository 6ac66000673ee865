package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.PodTemplate;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.validation.SpecValidator;
import dev.krafter.validation.Validation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything a KafkaCluster is checked for before anything is applied: {@link SpecValidator}'s rules plus the rules
 * that need to know what the operator builds from it — the names it derives from {@code metadata.name}, the operator's
 * own label and annotation keys, and an image whose tag names another version than {@code spec.version}.
 */
public final class ClusterValidation {
    /** Service names are DNS-1035 labels; so are pod host names. */
    static final int DNS_LABEL_MAX = 63;
    /**
     * The StatefulSet controller labels every pod {@code controller-revision-hash: <statefulset>-<hash>}, the hash being
     * up to 10 characters (a 32-bit FNV hash, safe-encoded); a label value has at most 63.
     */
    static final int REVISION_HASH_SUFFIX = 1 + 10;

    private static final Pattern DNS_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern VERSION_PREFIX = Pattern.compile("^([0-9]+\\.[0-9]+\\.[0-9]+)(?![0-9.])");

    private ClusterValidation() {}

    /** Validation with the operator's default image versions (KRAFTER_KAFKA_IMAGE_VERSIONS unset). */
    public static Validation validate(KafkaCluster cluster) {
        return validate(cluster, OperatorConfig.defaults().kafkaImageVersions());
    }

    /** @param imageVersions the Kafka versions the image repository has an image for */
    public static Validation validate(KafkaCluster cluster, List<String> imageVersions) {
        Validation base = SpecValidator.validate(cluster);
        if (cluster.getSpec() == null || cluster.getSpec().getBrokers() == null) {
            return base;
        }
        List<String> problems = new ArrayList<>(base.problems());
        problems.addAll(nameProblems(cluster));
        problems.addAll(reservedKeys(cluster.getSpec().getBrokers().getTemplate(), "spec.brokers.template"));
        imageVersionMismatch(cluster.getSpec().getImage(), cluster.getSpec().getVersion())
                .ifPresent(problems::add);
        KafkaVersions.problem(cluster.getSpec(), imageVersions).ifPresent(problems::add);
        chosenVotersAboveBrokers(cluster).ifPresent(problems::add);
        problems.addAll(storeSettingsOnTlsListeners(cluster));
        return new Validation(problems);
    }

    /** Broker-level key and trust store settings, which Kafka applies to every listener without its own. */
    static final List<String> STORE_KEYS = List.of(
            "ssl.keystore.type",
            "ssl.keystore.location",
            "ssl.keystore.password",
            "ssl.key.password",
            "ssl.keystore.key",
            "ssl.keystore.certificate.chain",
            "ssl.truststore.type",
            "ssl.truststore.location",
            "ssl.truststore.password",
            "ssl.truststore.certificates");

    /**
     * The TLS listeners of a cluster (the internal ones with internal TLS, and every listener with {@code tls: true})
     * use PEM certificates the operator manages. A broker-level store setting reaches them too, and Kafka then refuses
     * to start: "SSL trust store password cannot be specified for PEM format".
     */
    static List<String> storeSettingsOnTlsListeners(KafkaCluster cluster) {
        boolean anyTls = InternalTls.of(cluster)
                || ClusterTopology.effectiveListeners(cluster.getSpec().getListeners()).stream()
                        .anyMatch(ListenerSpec::isTls);
        if (!anyTls) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        Map<String, Object> config = cluster.getSpec().getBrokers().getConfig();
        if (config != null) {
            config.keySet().stream()
                    .filter(STORE_KEYS::contains)
                    .sorted()
                    .forEach(key -> problems.add(storeSettingProblem("spec.brokers.config." + key)));
        }
        if (cluster.getSpec().getBrokers().getSecretConfig() != null) {
            cluster.getSpec().getBrokers().getSecretConfig().stream()
                    .filter(entry -> entry != null && STORE_KEYS.contains(entry.getName()))
                    .forEach(
                            entry -> problems.add(storeSettingProblem("spec.brokers.secretConfig " + entry.getName())));
        }
        return problems;
    }

    private static String storeSettingProblem(String field) {
        return field + " would apply to every TLS listener of this cluster, including those whose PEM certificates the"
                + " operator manages (the internal listeners with internal TLS, and listeners with tls: true), and Kafka"
                + " would refuse to start (\"SSL trust store password cannot be specified for PEM format\"); remove it:"
                + " these listeners need no store settings";
    }

    /**
     * With spec.controllers.replicas unset, the count the operator chose at creation is kept: in combined mode the
     * brokers cannot go below it.
     */
    static Optional<String> chosenVotersAboveBrokers(KafkaCluster cluster) {
        ClusterTopology topology = ClusterTopology.of(cluster);
        boolean unset = cluster.getSpec().getControllers() == null
                || cluster.getSpec().getControllers().getReplicas() == null;
        if (!unset || topology.dedicated() || topology.controllers() <= topology.brokers()) {
            return Optional.empty();
        }
        return Optional.of("spec.brokers.replicas (" + topology.brokers() + ") is below the " + topology.controllers()
                + " KRaft voters this cluster was created with (status.controllers.replicas; in combined mode every voter"
                + " is a broker, and the voter count is fixed after creation): keep at least " + topology.controllers()
                + " brokers");
    }

    /** A derived name, how many characters it adds to the cluster name, and its limit. */
    record Derived(String what, String name, int limit) {
        int allowedClusterName(String cluster) {
            return limit - (name.length() - cluster.length());
        }
    }

    /**
     * The longest names the operator derives from the cluster name with this spec: Services (DNS-1035 labels), pod
     * names and the pods' revision-hash label. Config maps, the service account and the claims are DNS subdomains
     * (253) and never the limit.
     */
    static List<Derived> derivedNames(KafkaCluster cluster) {
        String name = cluster.getMetadata().getName();
        ClusterTopology topology = ClusterTopology.of(cluster);
        List<Derived> names = new ArrayList<>();
        names.add(new Derived("the headless Service", ClusterNames.headless(name), DNS_LABEL_MAX));
        names.add(new Derived("the bootstrap Service", ClusterNames.bootstrap(name), DNS_LABEL_MAX));
        addPool(names, topology.brokerStatefulSet(), topology.brokers());
        if (topology.dedicated()) {
            addPool(names, topology.controllerStatefulSet(), topology.controllers());
        }
        for (ListenerSpec listener : topology.externalListeners()) {
            names.add(new Derived(
                    "the Service of listener '" + listener.getName() + "'",
                    ClusterNames.externalBootstrap(name, listener.getName()),
                    DNS_LABEL_MAX));
            names.add(new Derived(
                    "the per-broker Service of listener '" + listener.getName() + "'",
                    ClusterNames.externalBroker(name, listener.getName(), topology.brokers() - 1),
                    DNS_LABEL_MAX));
        }
        return names;
    }

    private static void addPool(List<Derived> names, String statefulSet, int replicas) {
        names.add(new Derived(
                "the pod revision label '" + statefulSet + "-<10-character hash>' of StatefulSet " + statefulSet,
                statefulSet + "-" + "h".repeat(REVISION_HASH_SUFFIX - 1),
                DNS_LABEL_MAX));
        names.add(new Derived(
                "the pod name", ClusterNames.podName(statefulSet, Math.max(0, replicas - 1)), DNS_LABEL_MAX));
    }

    static List<String> nameProblems(KafkaCluster cluster) {
        String name = cluster.getMetadata().getName();
        if (name == null) {
            return List.of();
        }
        if (!DNS_1035.matcher(name).matches()) {
            return List.of("metadata.name '" + name + "' cannot name the cluster's Services: a Service name has only"
                    + " lower-case letters, digits and '-', starts with a letter and ends with a letter or digit;"
                    + " re-create the cluster under such a name, for example '" + suggestion(name) + "'");
        }
        Derived longest = derivedNames(cluster).stream()
                .min(Comparator.comparingInt(d -> d.allowedClusterName(name)))
                .orElseThrow();
        int allowed = longest.allowedClusterName(name);
        if (name.length() <= allowed) {
            return List.of();
        }
        return List.of("metadata.name '" + name + "' (" + name.length() + " characters) is too long: with this spec the"
                + " operator derives " + longest.what() + " '" + longest.name() + "' from it, which must have at most "
                + longest.limit() + " characters; re-create the cluster under a name of at most " + allowed
                + " characters" + (longest.what().contains("listener") ? " or shorten the listener name" : ""));
    }

    private static String suggestion(String name) {
        String s = name.toLowerCase()
                .replaceAll("[^a-z0-9-]", "-")
                .replaceAll("^[^a-z]+", "")
                .replaceAll("-+$", "");
        return s.isEmpty() ? "kafka" : s;
    }

    /** The operator's keys ({@code krafter.dev/...}) in a user's pod template. */
    static List<String> reservedKeys(PodTemplate template, String field) {
        if (template == null) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        reserved(template.getLabels(), field + ".labels", problems);
        reserved(template.getAnnotations(), field + ".annotations", problems);
        return problems;
    }

    private static void reserved(Map<String, String> entries, String field, List<String> problems) {
        if (entries == null) {
            return;
        }
        for (String key : new TreeSet<>(entries.keySet())) {
            if (key.startsWith(ClusterObjects.RESERVED_KEY_PREFIX)) {
                problems.add(field + "." + key + " is reserved for the operator (keys under "
                        + ClusterObjects.RESERVED_KEY_PREFIX + " are its own): remove it"
                        + (key.equals(dev.krafter.api.v1alpha1.ApiGroup.RESTART_ANNOTATION)
                                ? "; to restart every node, put krafter.dev/restart on the KafkaCluster itself"
                                : ""));
            }
        }
    }

    /**
     * An image whose tag starts with a version ({@code 4.3.1}, {@code 4.3.1-custom}) must run spec.version: the
     * operator judges upgrades, the downgrade floor and status from spec.version. Tags that name no version and digests
     * cannot be checked.
     */
    static Optional<String> imageVersionMismatch(String image, String version) {
        if (image == null || image.isBlank() || version == null) {
            return Optional.empty();
        }
        String tag =
                ClusterStatusAggregator.imageTag(image.contains("@") ? image.substring(0, image.indexOf('@')) : image);
        Matcher matcher = VERSION_PREFIX.matcher(tag);
        if (!matcher.find() || matcher.group(1).equals(version)) {
            return Optional.empty();
        }
        return Optional.of("spec.image " + image + " is tagged for Kafka " + matcher.group(1) + " but spec.version "
                + version + " says otherwise: set spec.version to " + matcher.group(1) + " or use an image of "
                + version);
    }
}
