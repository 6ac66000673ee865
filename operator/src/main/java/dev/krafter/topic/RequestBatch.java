package dev.krafter.topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Collects requests of one kind (for example "describe this topic") from many reconciles and sends them as one Kafka
 * admin request: after {@code linger}, or at once when {@code maxSize} requests wait. Each caller gets its own future,
 * completed from its key's part of the shared response.
 *
 * <p>One request of a kind is in flight at a time: Kafka's admin client sends one request at a time to a broker, so a
 * second one would only queue behind the first. What arrives meanwhile waits and travels in the next request, sent as
 * soon as the answer comes, or after {@link #IN_FLIGHT_PATIENCE} if it does not (an unreachable broker). A full batch
 * goes at once.
 *
 * <p>Reads of the same key in one batch share the answer. A write whose key already waits in the open batch sends that
 * batch first, so one Kafka request never carries two changes of one topic.
 *
 * @param <K> what identifies a request (the topic name or id)
 * @param <R> the request
 * @param <V> the answer per key
 */
final class RequestBatch<K, R, V> {
    /** Sends one admin request for all {@code requests} and returns one future per key. */
    @FunctionalInterface
    interface Sender<K, R, V> {
        Map<K, CompletableFuture<V>> send(Map<K, R> requests);
    }

    private record Pending<R, V>(R request, List<CompletableFuture<V>> callers) {}

    /** How long requests wait for the one in flight before they are sent anyway. */
    static final Duration IN_FLIGHT_PATIENCE = Duration.ofSeconds(1);

    private final String name;
    private final Sender<K, R, V> sender;
    private final boolean shareDuplicates;
    private final int maxSize;
    private final Duration linger;
    private final ScheduledExecutorService timer;

    private Map<K, Pending<R, V>> open = new LinkedHashMap<>();
    private ScheduledFuture<?> flushTimer;
    /** When the request in flight was sent (System.nanoTime), or null when none is. */
    private Long inFlightSince;

    RequestBatch(
            String name,
            Sender<K, R, V> sender,
            boolean shareDuplicates,
            int maxSize,
            Duration linger,
            ScheduledExecutorService timer) {
        this.name = name;
        this.sender = sender;
        this.shareDuplicates = shareDuplicates;
        this.maxSize = Math.max(1, maxSize);
        this.linger = linger;
        this.timer = timer;
    }

    CompletableFuture<V> submit(K key, R request) {
        CompletableFuture<V> caller = new CompletableFuture<>();
        Map<K, Pending<R, V>> ready = null;
        Map<K, Pending<R, V>> full = null;
        synchronized (this) {
            Pending<R, V> waiting = open.get(key);
            if (waiting != null && shareDuplicates) {
                waiting.callers().add(caller);
                return caller;
            }
            if (waiting != null) {
                ready = takeOpen();
            }
            List<CompletableFuture<V>> callers = new ArrayList<>(1);
            callers.add(caller);
            open.put(key, new Pending<>(request, callers));
            if (open.size() >= maxSize || linger.isZero()) {
                full = takeOpen();
            } else if (flushTimer == null) {
                flushTimer = timer.schedule(this::flushScheduled, linger.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        send(ready);
        send(full);
        return caller;
    }

    private void flushScheduled() {
        Map<K, Pending<R, V>> batch;
        synchronized (this) {
            flushTimer = null;
            if (inFlightSince != null) {
                long waited = System.nanoTime() - inFlightSince;
                if (waited < IN_FLIGHT_PATIENCE.toNanos()) {
                    // sent when the answer comes, or when patience runs out
                    flushTimer = timer.schedule(
                            this::flushScheduled, IN_FLIGHT_PATIENCE.toNanos() - waited, TimeUnit.NANOSECONDS);
                    return;
                }
            }
            batch = takeOpen();
        }
        send(batch);
    }

    /** The request sent at {@code sent} was answered: if it is the latest one, what waits for it goes now. */
    private void answeredIfLatest(long sent) {
        Map<K, Pending<R, V>> batch;
        synchronized (this) {
            if (inFlightSince == null || inFlightSince != sent) {
                return;
            }
            inFlightSince = null;
            if (flushTimer != null) {
                flushTimer.cancel(false);
                flushTimer = null;
            }
            batch = takeOpen();
        }
        send(batch);
    }

    private Map<K, Pending<R, V>> takeOpen() {
        Map<K, Pending<R, V>> batch = open;
        open = new LinkedHashMap<>();
        return batch;
    }

    private void send(Map<K, Pending<R, V>> batch) {
        if (batch == null || batch.isEmpty()) {
            return;
        }
        Map<K, R> requests = new LinkedHashMap<>();
        batch.forEach((key, pending) -> requests.put(key, pending.request()));
        long sent = System.nanoTime();
        synchronized (this) {
            inFlightSince = sent;
        }
        Map<K, CompletableFuture<V>> answers;
        try {
            answers = sender.send(requests);
        } catch (RuntimeException e) {
            batch.values().forEach(p -> p.callers().forEach(c -> c.completeExceptionally(e)));
            answeredIfLatest(sent);
            return;
        }
        CompletableFuture.allOf(answers.values().toArray(CompletableFuture[]::new))
                .whenComplete((ignored, error) -> answeredIfLatest(sent));
        batch.forEach((key, pending) -> {
            CompletableFuture<V> answer = answers.get(key);
            if (answer == null) {
                pending.callers()
                        .forEach(c -> c.completeExceptionally(
                                new IllegalStateException(name + ": Kafka's response has no entry for " + key)));
                return;
            }
            answer.whenComplete((value, error) -> pending.callers().forEach(c -> {
                if (error != null) {
                    c.completeExceptionally(error);
                } else {
                    c.complete(value);
                }
            }));
        });
    }
}
