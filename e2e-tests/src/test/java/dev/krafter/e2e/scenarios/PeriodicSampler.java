package dev.krafter.e2e.scenarios;

import java.time.Duration;

/**
 * A daemon thread that calls {@link #sample} every period until closed: what the scenarios use to watch a cluster
 * while a change runs. A failing sample (Kafka or the API unreachable for a moment) goes to {@link #failed}.
 */
abstract class PeriodicSampler implements AutoCloseable {
    private final Duration period;
    private final Thread thread;
    private volatile boolean running = true;

    PeriodicSampler(String name, Duration period) {
        this.period = period;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
    }

    /** Starts sampling; call at the end of a factory method, once the subclass is fully built. */
    final void startSampling() {
        thread.start();
    }

    protected abstract void sample() throws Exception;

    protected void failed(Exception e) {}

    private void loop() {
        while (running) {
            try {
                sample();
            } catch (Exception e) {
                failed(e);
            }
            ScenarioSupport.sleep(period);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
