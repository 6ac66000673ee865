package dev.krafter.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.AclResource;
import dev.krafter.api.v1alpha1.AclRule;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class AclPlanTest {
    private static final String ALICE = "User:alice";

    static AclRule rule(
            AclResource.Type type,
            String name,
            AclResource.PatternType pattern,
            AclRule.Type allow,
            AclRule.Operation... operations) {
        AclRule rule = new AclRule();
        rule.setResource(new AclResource(type, name, pattern));
        rule.setOperations(List.of(operations));
        rule.setType(allow);
        return rule;
    }

    static AclBinding binding(
            ResourceType type, String name, PatternType pattern, AclOperation operation, AclPermissionType permission) {
        return new AclBinding(
                new ResourcePattern(type, name, pattern), new AccessControlEntry(ALICE, "*", operation, permission));
    }

    @Test
    void eachOperationOfARuleIsOneEntryAndEveryResourceTypeMapsToKafkas() {
        Set<AclBinding> desired = AclPlan.desired(
                ALICE,
                List.of(
                        rule(
                                AclResource.Type.TOPIC,
                                "orders",
                                AclResource.PatternType.LITERAL,
                                AclRule.Type.ALLOW,
                                AclRule.Operation.Read,
                                AclRule.Operation.Describe),
                        rule(
                                AclResource.Type.GROUP,
                                "app-",
                                AclResource.PatternType.PREFIXED,
                                AclRule.Type.ALLOW,
                                AclRule.Operation.Read),
                        rule(
                                AclResource.Type.CLUSTER,
                                null,
                                AclResource.PatternType.LITERAL,
                                AclRule.Type.ALLOW,
                                AclRule.Operation.IdempotentWrite,
                                AclRule.Operation.DescribeConfigs),
                        rule(
                                AclResource.Type.TRANSACTIONAL_ID,
                                "tx",
                                AclResource.PatternType.LITERAL,
                                AclRule.Type.DENY,
                                AclRule.Operation.Write)));

        assertThat(desired)
                .containsExactlyInAnyOrder(
                        binding(
                                ResourceType.TOPIC,
                                "orders",
                                PatternType.LITERAL,
                                AclOperation.READ,
                                AclPermissionType.ALLOW),
                        binding(
                                ResourceType.TOPIC,
                                "orders",
                                PatternType.LITERAL,
                                AclOperation.DESCRIBE,
                                AclPermissionType.ALLOW),
                        binding(
                                ResourceType.GROUP,
                                "app-",
                                PatternType.PREFIXED,
                                AclOperation.READ,
                                AclPermissionType.ALLOW),
                        binding(
                                ResourceType.CLUSTER,
                                "kafka-cluster",
                                PatternType.LITERAL,
                                AclOperation.IDEMPOTENT_WRITE,
                                AclPermissionType.ALLOW),
                        binding(
                                ResourceType.CLUSTER,
                                "kafka-cluster",
                                PatternType.LITERAL,
                                AclOperation.DESCRIBE_CONFIGS,
                                AclPermissionType.ALLOW),
                        binding(
                                ResourceType.TRANSACTIONAL_ID,
                                "tx",
                                PatternType.LITERAL,
                                AclOperation.WRITE,
                                AclPermissionType.DENY));
    }

    @Test
    void entriesAddedByHandAreDeletedAndMissingOnesCreated() {
        AclBinding read =
                binding(ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.READ, AclPermissionType.ALLOW);
        AclBinding describe = binding(
                ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.DESCRIBE, AclPermissionType.ALLOW);
        AclBinding byHand = binding(
                ResourceType.TOPIC, "payments", PatternType.LITERAL, AclOperation.WRITE, AclPermissionType.ALLOW);

        AclPlan plan = AclPlan.of(Set.of(read, describe), List.of(read, byHand));

        assertThat(plan.create()).containsExactly(describe);
        assertThat(plan.delete()).containsExactly(byHand);
        assertThat(plan.describe())
                .contains("1 ACL entry added")
                .contains("1 removed")
                .contains("ALLOW WRITE on TOPIC payments");
    }

    @Test
    void theSameEntriesInAnotherOrderNeedNothing() {
        AclBinding read =
                binding(ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.READ, AclPermissionType.ALLOW);
        AclBinding group =
                binding(ResourceType.GROUP, "g", PatternType.LITERAL, AclOperation.READ, AclPermissionType.ALLOW);
        assertThat(AclPlan.of(Set.of(read, group), List.of(group, read)).isEmpty())
                .isTrue();
    }

    @Test
    void aHostAndADenyAreDifferentEntriesFromTheAllowAnyHostOne() {
        AclRule fromHost = rule(
                AclResource.Type.TOPIC,
                "orders",
                AclResource.PatternType.LITERAL,
                AclRule.Type.ALLOW,
                AclRule.Operation.Read);
        fromHost.setHost("10.0.0.1");
        AclBinding anyHost =
                binding(ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.READ, AclPermissionType.ALLOW);

        AclPlan plan = AclPlan.of(AclPlan.desired(ALICE, List.of(fromHost)), List.of(anyHost));

        assertThat(plan.delete()).containsExactly(anyHost);
        assertThat(plan.create())
                .singleElement()
                .satisfies(b -> assertThat(b.entry().host()).isEqualTo("10.0.0.1"));
    }
}
