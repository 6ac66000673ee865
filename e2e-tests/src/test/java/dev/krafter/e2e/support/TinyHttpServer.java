package dev.krafter.e2e.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * A tiny workload for testing the simulated cluster itself, run in a pod of the JRE base image from a class file
 * mounted through a ConfigMap. Port 8080: {@code /healthz}, {@code /ready} (after READY_AFTER_MS, and not while the
 * file {@code $DATA_DIR/not-ready} exists), {@code /whoami} (POD_NAME and POD_NAMESPACE), {@code /env?name=X},
 * {@code /file?path=P} (a file's content, e.g. a mounted ConfigMap key), {@code /starts} (the start/stop journal kept
 * on the data volume: one line per start, and one per graceful stop on SIGTERM, written SHUTDOWN_DELAY_MS after it).
 * Deliberately one class without nested classes, so a single class file is all it needs.
 */
public final class TinyHttpServer {
    private TinyHttpServer() {
    }

    public static void main(String[] args) throws IOException {
        long startedAt = System.currentTimeMillis();
        long readyAfter = Long.parseLong(env("READY_AFTER_MS", "0"));
        Path data = Path.of(env("DATA_DIR", "/tmp"));
        Path journal = data.resolve("starts.log");
        String pod = env("POD_NAME", "unknown");
        append(journal, "start " + pod + " " + Instant.now());
        HttpServer server = HttpServer.create(new InetSocketAddress(8080), 16);
        server.createContext("/healthz", exchange -> respond(exchange, 200, "ok"));
        server.createContext("/ready", exchange -> {
            boolean ready = System.currentTimeMillis() - startedAt >= readyAfter && !Files.exists(data.resolve("not-ready"));
            respond(exchange, ready ? 200 : 503, ready ? "ready" : "not ready");
        });
        server.createContext("/whoami", exchange -> respond(exchange, 200, pod + " " + env("POD_NAMESPACE", "")));
        server.createContext("/env", exchange -> respond(exchange, 200, env(query(exchange, "name"), "")));
        server.createContext("/file", exchange -> {
            Path file = Path.of(query(exchange, "path"));
            if (Files.isReadable(file)) {
                respond(exchange, 200, Files.readString(file));
            } else {
                respond(exchange, 404, "no file " + file);
            }
        });
        server.createContext("/starts", exchange -> respond(exchange, 200,
                Files.exists(journal) ? Files.readString(journal) : ""));
        long shutdownDelay = Long.parseLong(env("SHUTDOWN_DELAY_MS", "0"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            try {
                Thread.sleep(shutdownDelay); // like a server draining its work before it exits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                append(journal, "stop " + pod + " " + Instant.now());
            } catch (IOException e) {
                System.err.println("cannot write the journal: " + e.getMessage());
            }
        }));
        server.start();
        System.out.println("TinyHttpServer " + pod + " listening on 8080, data in " + data);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static String query(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return pair.substring(name.length() + 1);
                }
            }
        }
        return "";
    }

    private static void append(Path file, String line) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void respond(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
