package dev.krafter.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.UserAuthentication;
import dev.krafter.status.Health;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UserListenersTest {
    private static final ListenerSpec PLAIN = new ListenerSpec("plain", 9092, ListenerSpec.Type.INTERNAL);

    private static ListenerSpec listener(String name, boolean tls, ListenerSpec.Authentication authentication) {
        ListenerSpec listener = new ListenerSpec(name, 9093, ListenerSpec.Type.INTERNAL);
        listener.setTls(tls);
        listener.setAuthentication(authentication);
        return listener;
    }

    @Test
    void aScramUserNeedsAScramListener() {
        Optional<Health> stalled = UserListeners.missing(
                UserAuthentication.Type.SCRAM_SHA_512,
                List.of(PLAIN, listener("mtls", true, ListenerSpec.Authentication.TLS)),
                "prod",
                "bob");
        assertThat(stalled).hasValueSatisfying(h -> {
            assertThat(h.reason()).isEqualTo(UserReasons.NO_SCRAM_LISTENER);
            assertThat(h.message())
                    .contains("KafkaCluster prod has no listener with authentication: scram-sha-512")
                    .contains("User:bob")
                    .contains("or use authentication type tls");
        });
        assertThat(UserListeners.missing(
                        UserAuthentication.Type.SCRAM_SHA_512,
                        List.of(PLAIN, listener("scram", true, ListenerSpec.Authentication.SCRAM_SHA_512)),
                        "prod",
                        "bob"))
                .isEmpty();
    }

    @Test
    void aTlsUserNeedsAListenerThatAsksForClientCertificates() {
        Optional<Health> stalled = UserListeners.missing(
                UserAuthentication.Type.TLS, List.of(PLAIN, listener("tls", true, null)), "prod", "alice");
        assertThat(stalled).hasValueSatisfying(h -> assertThat(h.reason()).isEqualTo(UserReasons.NO_TLS_LISTENER));
        assertThat(UserListeners.missing(
                        UserAuthentication.Type.TLS,
                        List.of(listener("mtls", true, ListenerSpec.Authentication.TLS)),
                        "prod",
                        "alice"))
                .isEmpty();
    }

    @Test
    void aUserWithoutCredentialsNeedsNoListener() {
        assertThat(UserListeners.missing(null, List.of(PLAIN), "prod", "acl-only"))
                .isEmpty();
    }
}
