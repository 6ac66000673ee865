package dev.krafter.user;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * The SCRAM credentials of one user in Kafka. A scram-sha-512 user has exactly one, SCRAM-SHA-512 with at least
 * {@link #ITERATIONS} iterations, of the password in its Secret; any other user (tls, or no authentication) has none, so
 * a credential added by hand is not a way in that nobody sees.
 *
 * @param upsert store the password as a SCRAM-SHA-512 credential
 * @param delete mechanisms whose credential is removed
 */
record ScramPlan(boolean upsert, List<ScramMechanism> delete) {
    /** Kafka's minimum, and what its own tools use by default. */
    static final int ITERATIONS = 4096;

    static final ScramMechanism MECHANISM = ScramMechanism.SCRAM_SHA_512;

    /**
     * @param wanted          the user authenticates with scram-sha-512
     * @param passwordApplied the password now in the spec (or the Secret) is the one last stored in Kafka
     * @param actual          the user's credentials in Kafka
     */
    static ScramPlan of(boolean wanted, boolean passwordApplied, List<ScramCredentialInfo> actual) {
        List<ScramMechanism> delete = new ArrayList<>();
        boolean current = false;
        for (ScramCredentialInfo info : actual) {
            if (wanted && info.mechanism() == MECHANISM) {
                current = info.iterations() >= ITERATIONS;
            } else if (!delete.contains(info.mechanism())) {
                delete.add(info.mechanism());
            }
        }
        return new ScramPlan(wanted && (!current || !passwordApplied), delete);
    }

    boolean isEmpty() {
        return !upsert && delete.isEmpty();
    }

    List<UserScramCredentialAlteration> alterations(String user, String password) {
        List<UserScramCredentialAlteration> alterations = new ArrayList<>();
        delete.forEach(m -> alterations.add(new UserScramCredentialDeletion(user, m)));
        if (upsert) {
            alterations.add(
                    new UserScramCredentialUpsertion(user, new ScramCredentialInfo(MECHANISM, ITERATIONS), password));
        }
        return alterations;
    }

    /** For Events and logs; never the password. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (upsert) {
            parts.add("stored the password as a " + MECHANISM.mechanismName() + " credential");
        }
        if (!delete.isEmpty()) {
            parts.add("removed the "
                    + delete.stream().map(ScramMechanism::mechanismName).toList() + " credential");
        }
        return String.join(", ", parts);
    }
}
