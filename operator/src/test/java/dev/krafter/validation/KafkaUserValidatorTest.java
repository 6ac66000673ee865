package dev.krafter.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.AclResource;
import dev.krafter.api.v1alpha1.AclRule;
import dev.krafter.api.v1alpha1.ClusterRef;
import dev.krafter.api.v1alpha1.KafkaUser;
import dev.krafter.api.v1alpha1.KafkaUserSpec;
import dev.krafter.api.v1alpha1.UserAuthentication;
import dev.krafter.api.v1alpha1.UserAuthorization;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaUserValidatorTest {
    private static KafkaUser user(AclRule... rules) {
        KafkaUser user = new KafkaUser();
        user.setMetadata(
                new ObjectMetaBuilder().withName("alice").withNamespace("apps").build());
        KafkaUserSpec spec = new KafkaUserSpec();
        spec.setClusterRef(new ClusterRef("kafka"));
        UserAuthorization authorization = new UserAuthorization();
        authorization.setAcls(List.of(rules));
        spec.setAuthorization(authorization);
        user.setSpec(spec);
        return user;
    }

    private static AclRule rule(AclResource.Type type, String name, AclRule.Operation... operations) {
        AclRule rule = new AclRule();
        rule.setResource(new AclResource(type, name, AclResource.PatternType.LITERAL));
        rule.setOperations(List.of(operations));
        return rule;
    }

    @Test
    void validAclsPass() {
        assertThat(KafkaUserValidator.validate(user(
                                rule(
                                        AclResource.Type.TOPIC,
                                        "orders",
                                        AclRule.Operation.Read,
                                        AclRule.Operation.Describe),
                                rule(AclResource.Type.GROUP, "*", AclRule.Operation.All),
                                rule(AclResource.Type.CLUSTER, null, AclRule.Operation.IdempotentWrite)))
                        .isValid())
                .isTrue();
    }

    @Test
    void anOperationKafkaDoesNotKnowForTheResourceTypeIsNamed() {
        Validation validation = KafkaUserValidator.validate(
                user(rule(AclResource.Type.GROUP, "g", AclRule.Operation.Read, AclRule.Operation.Write)));
        assertThat(validation.message())
                .contains("spec.authorization.acls[0].operations [Write] do not apply to a group");
    }

    @Test
    void aTopicWithoutNameAClusterWithANameAndATlsPasswordAreRefused() {
        KafkaUser user = user(
                rule(AclResource.Type.TOPIC, null, AclRule.Operation.Read),
                rule(AclResource.Type.CLUSTER, "prod", AclRule.Operation.Describe));
        UserAuthentication tls = new UserAuthentication();
        tls.setType(UserAuthentication.Type.TLS);
        tls.setPasswordFrom(new UserAuthentication.PasswordSource());
        user.getSpec().setAuthentication(tls);
        assertThat(KafkaUserValidator.validate(user).problems())
                .satisfiesExactlyInAnyOrder(
                        p -> assertThat(p).startsWith("spec.authentication.passwordFrom is for type scram-sha-512"),
                        p -> assertThat(p)
                                .startsWith("spec.authorization.acls[0].resource.name is required for type topic"),
                        p -> assertThat(p).startsWith("spec.authorization.acls[1].resource.name must be empty"));
    }
}
