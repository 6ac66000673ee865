package dev.krafter.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.krafter.reassign.Rebalancer;
import dev.krafter.status.Reasons;
import dev.krafter.topic.TopicBatcher;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka calls against a Kafka that cannot be reached (a loopback port nobody listens on) end after the operator's
 * timeout, not the admin client's much longer one, with a transient problem that says what did not answer.
 */
class KafkaTimeoutIT {
    private static final Duration CONFIGURED = Duration.ofSeconds(2);
    /** Far beyond the configured timeout, so only the operator's own timeout can end the calls in time. */
    private static final Duration ADMIN_CLIENT_TIMEOUT = Duration.ofMinutes(2);

    private static final Duration BOUND = Duration.ofSeconds(30);

    private static Admin admin;
    private static ScheduledExecutorService timer;

    @BeforeAll
    static void start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_CLIENT_TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_CLIENT_TIMEOUT.toMillis()));
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stop() {
        admin.close(Duration.ZERO);
        timer.shutdownNow();
    }

    @Test
    void aReassignmentCallEndsAfterTheConfiguredTimeout() {
        assertTimeoutPreemptively(
                BOUND,
                () -> assertThatThrownBy(() -> Rebalancer.registeredBrokers(admin, CONFIGURED))
                        .isInstanceOfSatisfying(TransientProblem.class, p -> {
                            assertThat(p.reason()).isEqualTo(Reasons.KAFKA_UNREACHABLE);
                            assertThat(p.getMessage())
                                    .isEqualTo("Kafka did not answer within 2 s while trying to describe"
                                            + " the cluster (the operator's KRAFTER_ADMIN_TIMEOUT)");
                        }));
    }

    @Test
    void aTopicRequestEndsAfterTheConfiguredTimeout() {
        TopicBatcher batcher = new TopicBatcher(admin, 10, Duration.ofMillis(5), timer, CONFIGURED);
        assertTimeoutPreemptively(
                BOUND,
                () -> assertThatThrownBy(() -> batcher.describe("orders").get())
                        .isInstanceOf(ExecutionException.class)
                        .cause()
                        .isInstanceOfSatisfying(TransientProblem.class, p -> {
                            assertThat(p.reason()).isEqualTo(Reasons.KAFKA_UNREACHABLE);
                            assertThat(p.getMessage())
                                    .contains("did not answer within 2 s while trying to describe topic" + " orders");
                        }));
    }
}
