package dev.krafter.kafka;

import dev.krafter.api.v1alpha1.KafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caches one Admin client per cluster and bootstrap address; a changed address, or a cluster re-created under the same
 * name (another uid), gets a new client. A forgotten (deleted) cluster gets none any more, so a reconcile still running
 * when the deletion arrives cannot open a client that nothing would close.
 */
public final class BootstrapAdmins implements KafkaAdmins {
    private static final Logger LOG = LoggerFactory.getLogger(BootstrapAdmins.class);

    record Key(String namespace, String name) {}

    private record Cached(String uid, String bootstrap, String security, Admin admin) {}

    private final Function<KafkaCluster, String> bootstrapResolver;
    private final Function<KafkaCluster, Map<String, Object>> securityResolver;
    private final Duration requestTimeout;
    private final Map<Key, Cached> admins = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, String>> forgetListeners = new CopyOnWriteArrayList<>();
    /** The uids of forgotten clusters: never given a client again. */
    private final Set<String> deletedUids = ConcurrentHashMap.newKeySet();

    /** Plaintext connections to every cluster. */
    public BootstrapAdmins(Function<KafkaCluster, String> bootstrapResolver, Duration requestTimeout) {
        this(bootstrapResolver, cluster -> AdminSecurity.PLAINTEXT, requestTimeout);
    }

    /**
     * @param securityResolver the security config of a cluster's admin connection ({@link AdminSecurity}); a change
     *                         (a renewed certificate) replaces the cached client
     */
    public BootstrapAdmins(
            Function<KafkaCluster, String> bootstrapResolver,
            Function<KafkaCluster, Map<String, Object>> securityResolver,
            Duration requestTimeout) {
        this.bootstrapResolver = bootstrapResolver;
        this.securityResolver = securityResolver;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public Admin adminFor(KafkaCluster cluster) {
        Key key = new Key(
                cluster.getMetadata().getNamespace(), cluster.getMetadata().getName());
        String uid = cluster.getMetadata().getUid();
        String bootstrap = bootstrapFor(cluster);
        Map<String, Object> security = securityResolver.apply(cluster);
        String fingerprint = AdminSecurity.fingerprint(security);
        Cached cached = admins.compute(key, (k, old) -> {
            if (uid != null && deletedUids.contains(uid)) {
                throw new IllegalStateException("KafkaCluster " + k.namespace() + "/" + k.name() + " was deleted");
            }
            if (old != null
                    && old.bootstrap().equals(bootstrap)
                    && old.security().equals(fingerprint)
                    && Objects.equals(old.uid(), uid)) {
                return old;
            }
            if (old != null) {
                old.admin().close(Duration.ofSeconds(5));
            }
            return new Cached(uid, bootstrap, fingerprint, Admin.create(adminProperties(bootstrap, key, security)));
        });
        return cached.admin();
    }

    @Override
    public String bootstrapFor(KafkaCluster cluster) {
        return bootstrapResolver.apply(cluster);
    }

    @Override
    public Map<String, Object> securityFor(KafkaCluster cluster) {
        return securityResolver.apply(cluster);
    }

    Properties adminProperties(String bootstrap, Key key, Map<String, Object> security) {
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
    public void forget(String namespace, String name) {
        for (BiConsumer<String, String> listener : forgetListeners) {
            try {
                listener.accept(namespace, name);
            } catch (RuntimeException e) {
                LOG.warn("{}/{}: releasing per-cluster state failed: {}", namespace, name, e.toString(), e);
            }
        }
        Key key = new Key(namespace, name);
        Optional.ofNullable(admins.get(key)).map(Cached::uid).ifPresent(deletedUids::add);
        Cached cached = admins.remove(key);
        if (cached != null) {
            cached.admin().close(Duration.ofSeconds(5));
            LOG.info("{}/{}: closed the Admin client of the deleted cluster", namespace, name);
        }
    }

    @Override
    public void onForget(BiConsumer<String, String> listener) {
        forgetListeners.add(listener);
    }

    @Override
    public Optional<Admin> cached(String namespace, String name) {
        return Optional.ofNullable(admins.get(new Key(namespace, name))).map(Cached::admin);
    }

    @Override
    public void close() {
        admins.values().forEach(c -> c.admin().close(Duration.ofSeconds(5)));
        admins.clear();
    }
}
