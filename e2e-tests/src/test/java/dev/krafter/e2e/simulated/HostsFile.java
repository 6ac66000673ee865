package dev.krafter.e2e.simulated;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The test JVM's view of cluster DNS: a hosts file read by the JDK resolver ({@code -Djdk.net.hosts.file}), with
 * lookups not cached ({@code networkaddress.cache.ttl=0}). A name may map to several addresses (a Service in front of
 * several pods). Loopback names are always present, because with a hosts file the JDK consults nothing else.
 */
public final class HostsFile {
    private final Path file;
    private String written = "";

    public HostsFile(Path file) {
        this.file = file;
    }

    /** The file the JVM was started with, or null when the JVM resolves names normally. */
    public static Path configured() {
        String path = System.getProperty("jdk.net.hosts.file");
        return path == null || path.isBlank() ? null : Path.of(path);
    }

    public Path path() {
        return file;
    }

    /** Rewrites the file (atomically) with {@code addressesByName}; a no-op when nothing changed. */
    public synchronized void write(Map<String, Set<String>> addressesByName) {
        StringBuilder text = new StringBuilder("# Written by the simulated cluster's node agent: cluster DNS for the test JVM\n");
        text.append("127.0.0.1 localhost\n::1 localhost\n");
        String hostname = localHostname();
        if (hostname != null && !hostname.equals("localhost")) {
            text.append("127.0.0.1 ").append(hostname).append('\n');
        }
        for (Map.Entry<String, Set<String>> entry : new TreeMap<>(addressesByName).entrySet()) {
            for (String address : entry.getValue()) {
                text.append(address).append(' ').append(entry.getKey()).append('\n');
            }
        }
        String content = text.toString();
        if (content.equals(written)) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            written = content;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the hosts file " + file, e);
        }
    }

    /** The names in the file with their addresses, as last written. */
    public synchronized List<String> lines() {
        return new ArrayList<>(written.lines().toList());
    }

    private static String localHostname() {
        try {
            return Files.readString(Path.of("/etc/hostname")).trim();
        } catch (IOException e) {
            try {
                return InetAddress.getLoopbackAddress().getHostName();
            } catch (RuntimeException ignored) {
                return null;
            }
        }
    }
}
