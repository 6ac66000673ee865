package dev.krafter.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestBatchTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    /** A test double of an admin request: records each batch it is sent and answers key -> key length. */
    private static final class RecordingSender implements RequestBatch.Sender<String, String, Integer> {
        final List<List<String>> batches = new ArrayList<>();

        @Override
        public synchronized Map<String, CompletableFuture<Integer>> send(Map<String, String> requests) {
            batches.add(List.copyOf(requests.keySet()));
            Map<String, CompletableFuture<Integer>> answers = new HashMap<>();
            requests.forEach((key, request) -> answers.put(
                    key,
                    key.startsWith("bad")
                            ? CompletableFuture.failedFuture(new IllegalArgumentException("rejected " + key))
                            : CompletableFuture.completedFuture(request.length())));
            return answers;
        }
    }

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void requestsWithinTheLingerTravelInOneBatchAndEachCallerGetsItsAnswer() throws Exception {
        RecordingSender sender = new RecordingSender();
        RequestBatch<String, String, Integer> batch =
                new RequestBatch<>("test", sender, true, 100, Duration.ofMillis(200), timer);
        CompletableFuture<Integer> a = batch.submit("a", "a");
        CompletableFuture<Integer> bb = batch.submit("bb", "bb");
        CompletableFuture<Integer> bad = batch.submit("bad", "bad");

        assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(bb.get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("rejected bad");
        assertThat(sender.batches).containsExactly(List.of("a", "bb", "bad"));
    }

    /** A sender whose answers come only when the test releases them, as a slow Kafka's would. */
    private static final class HeldSender implements RequestBatch.Sender<String, String, Integer> {
        final List<List<String>> batches = new ArrayList<>();
        final List<CompletableFuture<Integer>> held = new ArrayList<>();

        @Override
        public synchronized Map<String, CompletableFuture<Integer>> send(Map<String, String> requests) {
            batches.add(List.copyOf(requests.keySet()));
            Map<String, CompletableFuture<Integer>> answers = new HashMap<>();
            requests.forEach((key, request) -> {
                CompletableFuture<Integer> answer = new CompletableFuture<>();
                held.add(answer);
                answers.put(key, answer);
            });
            return answers;
        }

        void answerAll() {
            List<CompletableFuture<Integer>> answers;
            synchronized (this) {
                answers = List.copyOf(held);
                held.clear();
            }
            answers.forEach(answer -> answer.complete(0));
        }

        synchronized List<List<String>> batches() {
            return List.copyOf(batches);
        }
    }

    /**
     * The admin client sends one request at a time to a broker, so a second request of the same kind would only queue
     * behind the first: what arrives while one is in flight travels together in the next.
     */
    @Test
    void requestsArrivingWhileOneIsInFlightTravelTogetherInTheNext() throws Exception {
        HeldSender sender = new HeldSender();
        RequestBatch<String, String, Integer> batch =
                new RequestBatch<>("test", sender, false, 100, Duration.ofMillis(10), timer);
        CompletableFuture<Integer> a = batch.submit("a", "a");
        Thread.sleep(100);
        CompletableFuture<Integer> b = batch.submit("b", "b");
        Thread.sleep(100);
        CompletableFuture<Integer> c = batch.submit("c", "c");
        Thread.sleep(100);
        assertThat(sender.batches()).containsExactly(List.of("a"));

        sender.answerAll();
        a.get(5, TimeUnit.SECONDS);
        Thread.sleep(100);
        assertThat(sender.batches()).containsExactly(List.of("a"), List.of("b", "c"));
        sender.answerAll();
        assertThat(b.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(c.get(5, TimeUnit.SECONDS)).isZero();
    }

    /** A request that hangs (Kafka unreachable until the admin timeout) holds the next one back only so long. */
    @Test
    void aRequestInFlightForLongHoldsTheNextBackOnlyForItsPatience() throws Exception {
        HeldSender sender = new HeldSender();
        RequestBatch<String, String, Integer> batch =
                new RequestBatch<>("test", sender, false, 100, Duration.ofMillis(10), timer);
        batch.submit("a", "a");
        Thread.sleep(50);
        batch.submit("b", "b");
        Thread.sleep(RequestBatch.IN_FLIGHT_PATIENCE.toMillis() + 500);
        assertThat(sender.batches()).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void aFullBatchIsSentAtOnce() throws Exception {
        RecordingSender sender = new RecordingSender();
        RequestBatch<String, String, Integer> batch =
                new RequestBatch<>("test", sender, true, 2, Duration.ofHours(1), timer);
        CompletableFuture<Integer> a = batch.submit("a", "a");
        CompletableFuture<Integer> b = batch.submit("b", "b");
        assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(sender.batches).containsExactly(List.of("a", "b"));
    }

    @Test
    void readsOfOneKeyShareTheAnswerButWritesOfOneKeyNeverShareARequest() throws Exception {
        RecordingSender reads = new RecordingSender();
        RequestBatch<String, String, Integer> readBatch =
                new RequestBatch<>("read", reads, true, 100, Duration.ofMillis(100), timer);
        CompletableFuture<Integer> first = readBatch.submit("a", "a");
        CompletableFuture<Integer> second = readBatch.submit("a", "a");
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(second.get(5, TimeUnit.SECONDS));
        assertThat(reads.batches).containsExactly(List.of("a"));

        RecordingSender writes = new RecordingSender();
        RequestBatch<String, String, Integer> writeBatch =
                new RequestBatch<>("write", writes, false, 100, Duration.ofMillis(100), timer);
        CompletableFuture<Integer> one = writeBatch.submit("a", "x");
        CompletableFuture<Integer> two = writeBatch.submit("a", "xyz");
        assertThat(one.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(two.get(5, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(writes.batches).containsExactly(List.of("a"), List.of("a"));
    }

    @Test
    void batchSizeOneSendsEveryRequestAlone() throws Exception {
        RecordingSender sender = new RecordingSender();
        RequestBatch<String, String, Integer> batch = new RequestBatch<>("test", sender, true, 1, Duration.ZERO, timer);
        batch.submit("a", "a").get(5, TimeUnit.SECONDS);
        batch.submit("b", "b").get(5, TimeUnit.SECONDS);
        assertThat(sender.batches).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void aSenderThatThrowsFailsEveryCallerOfTheBatch() {
        RequestBatch<String, String, Integer> batch = new RequestBatch<>(
                "test",
                requests -> {
                    throw new IllegalStateException("admin closed");
                },
                true,
                1,
                Duration.ZERO,
                timer);
        assertThatThrownBy(() -> batch.submit("a", "a").get(5, TimeUnit.SECONDS))
                .hasRootCauseMessage("admin closed");
    }
}
