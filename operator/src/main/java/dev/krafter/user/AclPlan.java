package dev.krafter.user;

import dev.krafter.api.v1alpha1.AclResource;
import dev.krafter.api.v1alpha1.AclRule;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACL entries of one principal: what the spec asks for ({@link #desired}) and what to create and delete so that
 * Kafka holds exactly those ({@link #of}). An entry of the principal that the spec does not list (added by hand, or left
 * from an earlier spec) is deleted, so Kafka's ACLs of a KafkaUser always match its spec.
 */
record AclPlan(Set<AclBinding> create, Set<AclBinding> delete) {
    /** Kafka's fixed name of the one cluster resource. */
    static final String CLUSTER_RESOURCE = "kafka-cluster";

    private static final Comparator<AclBinding> ORDER = Comparator.comparing(AclPlan::describe);

    /** One entry per operation of each rule, for {@code principal} ({@code User:<name>}). */
    static Set<AclBinding> desired(String principal, List<AclRule> rules) {
        Set<AclBinding> bindings = new LinkedHashSet<>();
        for (AclRule rule : rules) {
            ResourcePattern pattern = pattern(rule.getResource());
            AclPermissionType permission =
                    rule.getType() == AclRule.Type.DENY ? AclPermissionType.DENY : AclPermissionType.ALLOW;
            String host = rule.getHost() == null || rule.getHost().isBlank() ? "*" : rule.getHost();
            for (AclRule.Operation operation : rule.getOperations()) {
                bindings.add(new AclBinding(
                        pattern, new AccessControlEntry(principal, host, operation(operation), permission)));
            }
        }
        return bindings;
    }

    static AclPlan of(Set<AclBinding> desired, Collection<AclBinding> actual) {
        Set<AclBinding> create = desired.stream()
                .filter(b -> !actual.contains(b))
                .sorted(ORDER)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<AclBinding> delete = actual.stream()
                .filter(b -> !desired.contains(b))
                .sorted(ORDER)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return new AclPlan(create, delete);
    }

    static ResourcePattern pattern(AclResource resource) {
        PatternType patternType = resource.getPatternType() == AclResource.PatternType.PREFIXED
                ? PatternType.PREFIXED
                : PatternType.LITERAL;
        return switch (resource.getType()) {
            case TOPIC -> new ResourcePattern(ResourceType.TOPIC, resource.getName(), patternType);
            case GROUP -> new ResourcePattern(ResourceType.GROUP, resource.getName(), patternType);
            case TRANSACTIONAL_ID ->
                new ResourcePattern(ResourceType.TRANSACTIONAL_ID, resource.getName(), patternType);
            case CLUSTER -> new ResourcePattern(ResourceType.CLUSTER, CLUSTER_RESOURCE, PatternType.LITERAL);
        };
    }

    /** {@code IdempotentWrite} is Kafka's {@code IDEMPOTENT_WRITE}. */
    static AclOperation operation(AclRule.Operation operation) {
        return AclOperation.valueOf(
                operation.name().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
    }

    boolean isEmpty() {
        return create.isEmpty() && delete.isEmpty();
    }

    /** For Events and logs: how many entries were added and removed, and which. */
    String describe() {
        return create.size() + " ACL " + (create.size() == 1 ? "entry" : "entries") + " added"
                + (create.isEmpty()
                        ? ""
                        : " " + create.stream().map(AclPlan::describe).toList())
                + ", " + delete.size() + " removed"
                + (delete.isEmpty()
                        ? ""
                        : " " + delete.stream().map(AclPlan::describe).toList());
    }

    /** {@code ALLOW READ on TOPIC orders (LITERAL) from *}. */
    static String describe(AclBinding binding) {
        return binding.entry().permissionType() + " " + binding.entry().operation() + " on "
                + binding.pattern().resourceType() + " " + binding.pattern().name() + " ("
                + binding.pattern().patternType() + ") from " + binding.entry().host();
    }
}
