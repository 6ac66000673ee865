package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CertificatesStepTest {
    private static final Instant NOW = Instant.parse("2026-12-07T13:38:11Z");

    @Test
    void certificatesIssuedAgainAfterTheirSecretWasDeletedUnderRunningBrokersOpenTheReloadWindow() {
        // The Secret is gone (no annotation to carry over), the brokers still serve the files they loaded.
        Optional<String> renewedAt = CertificatesStep.renewedAt(Optional.empty(), true, true, NOW);
        assertThat(renewedAt).contains(NOW.toString());
        assertThat(CertificatesStep.reloadDue(renewedAt.map(Instant::parse), NOW.plusSeconds(20)))
                .isTrue();
    }

    @Test
    void theFirstIssueOfANewClusterNeedsNoReload() {
        assertThat(CertificatesStep.renewedAt(Optional.empty(), true, false, NOW))
                .isEmpty();
    }

    @Test
    void unchangedCertificatesKeepTheTimeOfTheLastRenewalWhoseWindowCloses() {
        String earlier = NOW.minus(Duration.ofHours(1)).toString();
        Optional<String> renewedAt = CertificatesStep.renewedAt(Optional.of(earlier), false, true, NOW);
        assertThat(renewedAt).contains(earlier);
        assertThat(CertificatesStep.reloadDue(renewedAt.map(Instant::parse), NOW))
                .isFalse();
    }
}
