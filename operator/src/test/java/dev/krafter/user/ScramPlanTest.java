package dev.krafter.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.junit.jupiter.api.Test;

class ScramPlanTest {
    private static final ScramCredentialInfo SHA512 = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096);
    private static final ScramCredentialInfo SHA256 = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192);

    @Test
    void aNewUserGetsItsCredential() {
        ScramPlan plan = ScramPlan.of(true, false, List.of());
        assertThat(plan.upsert()).isTrue();
        assertThat(plan.alterations("alice", "secret"))
                .singleElement()
                .isInstanceOfSatisfying(UserScramCredentialUpsertion.class, u -> {
                    assertThat(u.user()).isEqualTo("alice");
                    assertThat(u.credentialInfo().mechanism()).isEqualTo(ScramMechanism.SCRAM_SHA_512);
                    assertThat(u.credentialInfo().iterations()).isGreaterThanOrEqualTo(4096);
                });
        assertThat(plan.describe()).doesNotContain("secret");
    }

    @Test
    void anAppliedPasswordWithItsCredentialNeedsNothing() {
        assertThat(ScramPlan.of(true, true, List.of(SHA512)).isEmpty()).isTrue();
    }

    @Test
    void aChangedPasswordOrACredentialDeletedByHandIsStoredAgain() {
        assertThat(ScramPlan.of(true, false, List.of(SHA512)).upsert())
                .as("password changed")
                .isTrue();
        assertThat(ScramPlan.of(true, true, List.of()).upsert())
                .as("credential deleted in Kafka")
                .isTrue();
        assertThat(ScramPlan.of(true, true, List.of(new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 1)))
                        .upsert())
                .as("too few iterations")
                .isTrue();
    }

    @Test
    void otherMechanismsAndEveryCredentialOfANonScramUserAreRemoved() {
        ScramPlan scramUser = ScramPlan.of(true, true, List.of(SHA512, SHA256));
        assertThat(scramUser.upsert()).isFalse();
        assertThat(scramUser.delete()).containsExactly(ScramMechanism.SCRAM_SHA_256);

        ScramPlan tlsUser = ScramPlan.of(false, false, List.of(SHA512, SHA256));
        assertThat(tlsUser.upsert()).isFalse();
        assertThat(tlsUser.alterations("alice", null))
                .hasSize(2)
                .allSatisfy(a -> assertThat(a).isInstanceOf(UserScramCredentialDeletion.class));
        assertThat(ScramPlan.of(false, false, List.of()).isEmpty()).isTrue();
    }
}
