package dev.krafter.topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Collects requests of one kind (for example "describe this topic") from many reconciles and sends them as one Kafka
 * admin request: after {@code linger}, or at once when {@code maxSize} requests wait. Each caller gets its own future,
 * completed from its key's part of the shared response.
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

    private final String name;
    private final Sender<K, R, V> sender;
    private final boolean shareDuplicates;
    private final int maxSize;
    private final Duration linger;
    private final ScheduledExecutorService timer;

    private Map<K, Pending<R, V>> open = new LinkedHashMap<>();
    private boolean flushScheduled;

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
            } else if (!flushScheduled) {
                flushScheduled = true;
                timer.schedule(this::flushScheduled, linger.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        send(ready);
        send(full);
        return caller;
    }

    private void flushScheduled() {
        Map<K, Pending<R, V>> batch;
        synchronized (this) {
            flushScheduled = false;
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
        Map<K, CompletableFuture<V>> answers;
        try {
            answers = sender.send(requests);
        } catch (RuntimeException e) {
            batch.values().forEach(p -> p.callers().forEach(c -> c.completeExceptionally(e)));
            return;
        }
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
