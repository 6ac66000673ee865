package dev.krafter.probe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * HTTP endpoints for Kubernetes probes, served from inside the broker JVM (no process per probe):
 * {@code /healthz} answers 200 while the JVM is up; {@code /ready} answers 200 or 503 with a one-line reason.
 */
public final class ProbeServer implements AutoCloseable {

    private final HttpServer server;

    private ProbeServer(HttpServer server) {
        this.server = server;
    }

    /** Starts serving on {@code port} (0 picks a free one); the server threads are daemons. */
    public static ProbeServer start(int port, Supplier<Set<NodeRole>> roles, NodeMetrics metrics) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "krafter-probe-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/healthz", exchange -> respond(exchange, 200, "ok"));
        server.createContext("/ready", exchange -> {
            Readiness.Verdict verdict = Readiness.evaluate(roles.get(), metrics);
            respond(exchange, verdict.ready() ? 200 : 503, verdict.reason());
        });
        startAsDaemon(server);
        return new ProbeServer(server);
    }

    /** The HTTP dispatcher thread inherits daemon status from the thread that starts it: never keep the JVM alive. */
    private static void startAsDaemon(HttpServer server) {
        Thread starter = new Thread(server::start, "krafter-probe-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        try (exchange) {
            byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
