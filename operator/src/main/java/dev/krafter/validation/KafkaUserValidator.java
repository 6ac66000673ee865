package dev.krafter.validation;

import dev.krafter.api.v1alpha1.AclResource;
import dev.krafter.api.v1alpha1.AclRule;
import dev.krafter.api.v1alpha1.KafkaUser;
import dev.krafter.api.v1alpha1.KafkaUserSpec;
import dev.krafter.api.v1alpha1.UserAuthentication;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks of a KafkaUser spec beyond its schema; each problem says what to change. */
public final class KafkaUserValidator {
    /** The cluster resource's only name in Kafka. */
    public static final String CLUSTER_RESOURCE_NAME = "kafka-cluster";

    /** The operations Kafka's authorizer knows for each resource type (All besides). */
    static final Map<AclResource.Type, Set<AclRule.Operation>> OPERATIONS = Map.of(
            AclResource.Type.TOPIC,
                    EnumSet.of(
                            AclRule.Operation.Read,
                            AclRule.Operation.Write,
                            AclRule.Operation.Create,
                            AclRule.Operation.Delete,
                            AclRule.Operation.Alter,
                            AclRule.Operation.Describe,
                            AclRule.Operation.DescribeConfigs,
                            AclRule.Operation.AlterConfigs),
            AclResource.Type.GROUP,
                    EnumSet.of(AclRule.Operation.Read, AclRule.Operation.Describe, AclRule.Operation.Delete),
            AclResource.Type.CLUSTER,
                    EnumSet.of(
                            AclRule.Operation.Create,
                            AclRule.Operation.ClusterAction,
                            AclRule.Operation.DescribeConfigs,
                            AclRule.Operation.AlterConfigs,
                            AclRule.Operation.IdempotentWrite,
                            AclRule.Operation.Alter,
                            AclRule.Operation.Describe),
            AclResource.Type.TRANSACTIONAL_ID, EnumSet.of(AclRule.Operation.Describe, AclRule.Operation.Write));

    private KafkaUserValidator() {}

    public static Validation validate(KafkaUser user) {
        KafkaUserSpec spec = user.getSpec();
        if (spec != null && spec.unreadable().isPresent()) {
            return SpecValidator.unreadable(spec);
        }
        if (spec == null
                || spec.getClusterRef() == null
                || spec.getClusterRef().getName() == null
                || spec.getClusterRef().getName().isBlank()) {
            return new Validation(List.of("spec.clusterRef.name is required: name the KafkaCluster of this user"));
        }
        List<String> problems = new ArrayList<>();
        UserAuthentication authentication = spec.getAuthentication();
        if (authentication != null
                && authentication.getType() == UserAuthentication.Type.TLS
                && authentication.getPasswordFrom() != null) {
            problems.add("spec.authentication.passwordFrom is for type scram-sha-512; a tls user has a certificate and"
                    + " no password: remove passwordFrom");
        }
        List<AclRule> acls =
                spec.getAuthorization() == null || spec.getAuthorization().getAcls() == null
                        ? List.of()
                        : spec.getAuthorization().getAcls();
        for (int i = 0; i < acls.size(); i++) {
            problems.addAll(aclProblems("spec.authorization.acls[" + i + "]", acls.get(i)));
        }
        return new Validation(problems);
    }

    static List<String> aclProblems(String field, AclRule rule) {
        List<String> problems = new ArrayList<>();
        AclResource resource = rule.getResource();
        if (resource == null || resource.getType() == null) {
            problems.add(field + ".resource.type is required: topic, group, cluster or transactionalId");
            return problems;
        }
        String type = typeName(resource.getType());
        if (resource.getType() == AclResource.Type.CLUSTER) {
            if (resource.getName() != null
                    && !resource.getName().isEmpty()
                    && !CLUSTER_RESOURCE_NAME.equals(resource.getName())) {
                problems.add(field + ".resource.name must be empty (or " + CLUSTER_RESOURCE_NAME + ") for type"
                        + " cluster: Kafka has one cluster resource");
            }
            if (resource.getPatternType() == AclResource.PatternType.PREFIXED) {
                problems.add(field + ".resource.patternType must be literal for type cluster");
            }
        } else if (resource.getName() == null || resource.getName().isEmpty()) {
            problems.add(field + ".resource.name is required for type " + type + ": a name, a prefix with"
                    + " patternType prefixed, or * for every " + type);
        } else if ("*".equals(resource.getName()) && resource.getPatternType() == AclResource.PatternType.PREFIXED) {
            problems.add(field + ".resource: * means every " + type + " only with patternType literal");
        }
        Set<AclRule.Operation> allowed = OPERATIONS.get(resource.getType());
        List<String> unknown = rule.getOperations() == null
                ? List.of()
                : rule.getOperations().stream()
                        .filter(o -> o != AclRule.Operation.All && !allowed.contains(o))
                        .map(Enum::name)
                        .toList();
        if (!unknown.isEmpty()) {
            problems.add(field + ".operations " + unknown + " do not apply to a " + type + "; Kafka's operations on a "
                    + type + " are All, " + allowed.stream().map(Enum::name).toList());
        }
        if (rule.getOperations() == null || rule.getOperations().isEmpty()) {
            problems.add(field + ".operations must list at least one operation");
        }
        if (rule.getHost() != null && rule.getHost().isBlank()) {
            problems.add(field + ".host must be * (any host) or an IP address");
        }
        return problems;
    }

    private static String typeName(AclResource.Type type) {
        return switch (type) {
            case TOPIC -> "topic";
            case GROUP -> "group";
            case CLUSTER -> "cluster";
            case TRANSACTIONAL_ID -> "transactionalId";
        };
    }
}
