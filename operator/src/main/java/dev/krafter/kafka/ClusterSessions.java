package dev.krafter.kafka;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.failure.TransientProblem;
import dev.krafter.status.Reasons;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session per KafkaCluster, holding everything the operator keeps in memory for it: the Admin client (one per
 * bootstrap address and security config) and the state the reconcilers build for the cluster or on its client. A
 * cluster re-created under the same name (another uid) gets a new session; a forgotten (deleted) cluster gets none any
 * more, so a reconcile still running when the deletion arrives cannot open a client that nothing would close.
 */
public final class ClusterSessions implements KafkaAdmins {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSessions.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /**
     * How long a cluster's connection security, once read, is used before it is read again. Reading it is a GET of the
     * operator's certificate Secret, and every reconcile of a Topic, group or user asks for the client; a renewed
     * certificate is issued well before the old one expires, so using the old one a minute longer is harmless.
     */
    public static final Duration SECURITY_RECHECK = Duration.ofMinutes(1);

    private final Function<KafkaCluster, String> bootstrapResolver;
    private final Function<KafkaCluster, Map<String, Object>> securityResolver;
    private final Duration requestTimeout;
    private final Duration securityRecheck;
    private final Map<ClusterKey, Session> sessions = new ConcurrentHashMap<>();
    /** The uids of forgotten clusters: never given a session again. */
    private final Set<String> deletedUids = ConcurrentHashMap.newKeySet();

    /** Plaintext connections to every cluster. */
    public ClusterSessions(Function<KafkaCluster, String> bootstrapResolver, Duration requestTimeout) {
        this(bootstrapResolver, cluster -> AdminSecurity.PLAINTEXT, requestTimeout);
    }

    /**
     * @param securityResolver the security config of a cluster's admin connection ({@link AdminSecurity}); a change
     *                         (a renewed certificate) replaces the client and the state built on it
     */
    public ClusterSessions(
            Function<KafkaCluster, String> bootstrapResolver,
            Function<KafkaCluster, Map<String, Object>> securityResolver,
            Duration requestTimeout) {
        this(bootstrapResolver, securityResolver, requestTimeout, SECURITY_RECHECK);
    }

    ClusterSessions(
            Function<KafkaCluster, String> bootstrapResolver,
            Function<KafkaCluster, Map<String, Object>> securityResolver,
            Duration requestTimeout,
            Duration securityRecheck) {
        this.bootstrapResolver = bootstrapResolver;
        this.securityResolver = securityResolver;
        this.requestTimeout = requestTimeout;
        this.securityRecheck = securityRecheck;
    }

    @Override
    public Admin adminFor(KafkaCluster cluster) {
        return adminOf(sessionFor(cluster), cluster);
    }

    private Admin adminOf(Session session, KafkaCluster cluster) {
        String bootstrap = bootstrapFor(cluster);
        Map<String, Object> security = session.security(() -> securityResolver.apply(cluster), securityRecheck);
        return session.admin(
                bootstrap, security, () -> Admin.create(adminProperties(bootstrap, session.key, security)));
    }

    @Override
    public String bootstrapFor(KafkaCluster cluster) {
        return bootstrapResolver.apply(cluster);
    }

    @Override
    public Map<String, Object> securityFor(KafkaCluster cluster) {
        return securityResolver.apply(cluster);
    }

    @Override
    public <T> T clusterState(KafkaCluster cluster, Class<T> type, Supplier<T> create) {
        return sessionFor(cluster).clusterState(type, create);
    }

    @Override
    public <T> T clientState(KafkaCluster cluster, Class<T> type, Function<Admin, T> create) {
        // One session for both steps: a session replaced in between would have no client to build on.
        Session session = sessionFor(cluster);
        adminOf(session, cluster);
        return session.clientState(type, create);
    }

    @Override
    public <T> Optional<T> existingClusterState(String namespace, String name, Class<T> type) {
        return Optional.ofNullable(sessions.get(new ClusterKey(namespace, name)))
                .flatMap(s -> s.existingClusterState(type));
    }

    Properties adminProperties(String bootstrap, ClusterKey key, Map<String, Object> security) {
        Properties props = new Properties();
        props.putAll(security);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "krafter-" + key.namespace() + "-" + key.name());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis() * 2);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5000);
        return props;
    }

    @Override
    public void forget(String namespace, String name, String uid) {
        if (uid != null) {
            deletedUids.add(uid);
        }
        Session[] removed = new Session[1];
        sessions.computeIfPresent(new ClusterKey(namespace, name), (k, session) -> {
            if (uid != null && session.uid != null && !uid.equals(session.uid)) {
                return session; // a cluster re-created under the name before this deletion arrived
            }
            removed[0] = session;
            return null;
        });
        if (removed[0] != null) {
            removed[0].close();
            LOG.info("{}/{}: released the Admin client and state of the deleted cluster", namespace, name);
        }
    }

    @Override
    public Optional<Admin> cached(String namespace, String name) {
        return Optional.ofNullable(sessions.get(new ClusterKey(namespace, name)))
                .flatMap(Session::cachedAdmin);
    }

    @Override
    public void close() {
        List<Session> all = new ArrayList<>(sessions.values());
        sessions.clear();
        all.forEach(Session::close);
    }

    /**
     * A reconcile that still sees a deleted cluster in its cache (the deletion reaches each informer on its own time)
     * waits for the cache to catch up, when it reports the missing cluster.
     */
    private static TransientProblem deleted(ClusterKey key) {
        return new TransientProblem(Reasons.CLUSTER_NOT_FOUND, "KafkaCluster " + key + " was deleted", null);
    }

    private Session sessionFor(KafkaCluster cluster) {
        String uid = cluster.getMetadata().getUid();
        Session[] replaced = new Session[1];
        Session session = sessions.compute(ClusterKey.of(cluster), (key, old) -> {
            if (uid != null && deletedUids.contains(uid)) {
                throw deleted(key);
            }
            if (old != null && Objects.equals(old.uid, uid)) {
                return old;
            }
            replaced[0] = old;
            return new Session(key, uid);
        });
        if (replaced[0] != null) {
            replaced[0].close();
        }
        return session;
    }

    /**
     * What is kept for one cluster (one uid). Its monitor guards its fields; what is closed is closed outside it, so a
     * part whose close takes its owner's lock cannot deadlock with a reconcile asking that owner for the part.
     */
    private static final class Session {
        final ClusterKey key;
        final String uid;
        private Admin admin;
        private String bootstrap;
        private String securityFingerprint;
        private Map<String, Object> security;
        private long securityReadNanos;
        private final Map<Class<?>, Object> clientParts = new LinkedHashMap<>();
        private final Map<Class<?>, Object> clusterParts = new LinkedHashMap<>();
        private boolean closed;

        Session(ClusterKey key, String uid) {
            this.key = key;
            this.uid = uid;
        }

        Admin admin(String bootstrap, Map<String, Object> security, Supplier<Admin> create) {
            String fingerprint = AdminSecurity.fingerprint(security);
            synchronized (this) {
                requireOpen();
                if (usable(bootstrap, fingerprint)) {
                    return admin;
                }
            }
            // Made outside the monitor: resolving the bootstrap address can take seconds, and every reconcile of the
            // cluster's Topics and groups asks the session for something.
            Admin fresh = create.get();
            List<Object> released = new ArrayList<>();
            Admin current = null;
            synchronized (this) {
                if (closed || usable(bootstrap, fingerprint)) {
                    released.add(fresh);
                    current = closed ? null : admin;
                } else {
                    if (admin != null) {
                        released.addAll(clientParts.values());
                        released.add(admin);
                        clientParts.clear();
                    }
                    admin = fresh;
                    this.bootstrap = bootstrap;
                    this.securityFingerprint = fingerprint;
                    current = fresh;
                }
            }
            release(released);
            if (current == null) {
                throw deleted(key);
            }
            return current;
        }

        /** The connection security read at most {@code recheck} ago, or read now. */
        Map<String, Object> security(Supplier<Map<String, Object>> read, Duration recheck) {
            synchronized (this) {
                if (security != null && System.nanoTime() - securityReadNanos < recheck.toNanos()) {
                    return security;
                }
            }
            Map<String, Object> fresh = read.get();
            synchronized (this) {
                security = fresh;
                securityReadNanos = System.nanoTime();
            }
            return fresh;
        }

        private boolean usable(String bootstrap, String fingerprint) {
            return admin != null && bootstrap.equals(this.bootstrap) && fingerprint.equals(securityFingerprint);
        }

        synchronized <T> T clientState(Class<T> type, Function<Admin, T> create) {
            requireOpen();
            return type.cast(clientParts.computeIfAbsent(type, t -> create.apply(admin)));
        }

        synchronized <T> T clusterState(Class<T> type, Supplier<T> create) {
            requireOpen();
            return type.cast(clusterParts.computeIfAbsent(type, t -> create.get()));
        }

        synchronized <T> Optional<T> existingClusterState(Class<T> type) {
            return Optional.ofNullable(clusterParts.get(type)).map(type::cast);
        }

        synchronized Optional<Admin> cachedAdmin() {
            return Optional.ofNullable(admin);
        }

        void close() {
            List<Object> released = new ArrayList<>();
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                released.addAll(clusterParts.values());
                released.addAll(clientParts.values());
                Collections.reverse(released);
                if (admin != null) {
                    released.add(admin);
                }
                clusterParts.clear();
                clientParts.clear();
                admin = null;
            }
            release(released);
        }

        private void requireOpen() {
            if (closed) {
                throw deleted(key);
            }
        }

        private void release(List<Object> parts) {
            for (Object part : parts) {
                try {
                    if (part instanceof Admin client) {
                        client.close(CLOSE_TIMEOUT);
                    } else if (part instanceof AutoCloseable closeable) {
                        closeable.close();
                    }
                } catch (Exception e) {
                    LOG.warn("{}: releasing {} failed: {}", key, part.getClass().getSimpleName(), e.toString(), e);
                }
            }
        }
    }
}
