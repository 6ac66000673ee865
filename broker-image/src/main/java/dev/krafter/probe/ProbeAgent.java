package dev.krafter.probe;

import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Java agent started in the broker JVM ({@code -javaagent:krafter-probe-agent.jar=port=9500,config=<server.properties>}).
 * Serves {@code /healthz} and {@code /ready}; the node's roles come from {@code process.roles} in the config file.
 */
public final class ProbeAgent {

    static final int DEFAULT_PORT = 9500;

    private ProbeAgent() {}

    public static void premain(String agentArgs) {
        try {
            Map<String, String> args = parseArgs(agentArgs);
            int port = Integer.parseInt(args.getOrDefault("port", String.valueOf(DEFAULT_PORT)));
            String config = args.get("config");
            Set<NodeRole> roles = config == null ? Set.of() : readRoles(Path.of(config));
            ProbeServer.start(port, () -> roles, new JmxNodeMetrics(ManagementFactory.getPlatformMBeanServer()));
            System.err.println(
                    "krafter-probe-agent: serving /healthz and /ready on port " + port + " for roles " + roles);
        } catch (Exception e) {
            // Never take the broker down because of the probes; the failing readiness probe will tell.
            System.err.println("krafter-probe-agent: not started: " + e);
        }
    }

    static Map<String, String> parseArgs(String agentArgs) {
        Map<String, String> args = new HashMap<>();
        if (agentArgs == null || agentArgs.isBlank()) {
            return args;
        }
        for (String pair : agentArgs.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("agent argument '" + pair + "' is not key=value");
            }
            args.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return args;
    }

    static Set<NodeRole> readRoles(Path config) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(config)) {
            properties.load(reader);
        }
        return NodeRole.parse(properties.getProperty("process.roles"));
    }
}
