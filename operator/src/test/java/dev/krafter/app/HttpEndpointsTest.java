package dev.krafter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.testing.OperatorTestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a kubelet probe and a Prometheus scrape see from a running operator. */
class HttpEndpointsTest {

    @Test
    void healthReadinessAndMetricsAreServed() throws Exception {
        try (OperatorTestEnvironment env = OperatorTestEnvironment.start("127.0.0.1:1");
                HttpEndpoints http = HttpEndpoints.start(0, env.operator(), env.meters())) {
            HttpClient client = HttpClient.newHttpClient();
            assertThat(get(client, http, "/healthz").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> get(client, http, "/readyz").statusCode() == 200);
            HttpResponse<String> metrics = get(client, http, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(metrics.body()).contains("# TYPE");
        }
    }

    private static HttpResponse<String> get(HttpClient client, HttpEndpoints http, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
