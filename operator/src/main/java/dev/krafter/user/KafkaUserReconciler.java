package dev.krafter.user;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krafter.api.v1alpha1.AclRule;
import dev.krafter.api.v1alpha1.CertificatesSpec;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaUser;
import dev.krafter.api.v1alpha1.KafkaUserStatus;
import dev.krafter.api.v1alpha1.SecretConfig;
import dev.krafter.api.v1alpha1.UserAuthentication;
import dev.krafter.certs.CertificateAuthority;
import dev.krafter.certs.RenewalPlanner;
import dev.krafter.cluster.ClusterNames;
import dev.krafter.failure.KafkaCalls;
import dev.krafter.failure.KafkaFailures;
import dev.krafter.failure.SpecProblem;
import dev.krafter.operator.ClusterRefEventSource;
import dev.krafter.operator.OperatorDependencies;
import dev.krafter.operator.ReconcileSupport;
import dev.krafter.operator.Resources;
import dev.krafter.operator.SpecOrPauseFilter;
import dev.krafter.status.ClusterStall;
import dev.krafter.status.Health;
import dev.krafter.status.Reasons;
import dev.krafter.status.StatusWriter;
import dev.krafter.validation.KafkaUserValidator;
import dev.krafter.validation.Validation;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a Kafka user as its KafkaUser says: its credentials (a client certificate signed by the cluster's clients CA,
 * or a SCRAM-SHA-512 password) in a Secret named after the resource and, for SCRAM, in Kafka; its ACLs and quotas in
 * Kafka. The decisions are pure ({@link AclPlan}, {@link QuotaPlan}, {@link ScramPlan}, {@link UserCertificate}); this
 * class reads, applies and reports.
 *
 * <p>Rules a user can rely on:
 * <ul>
 *   <li>Drift is reverted on every resync (KRAFTER_TOPIC_RESYNC_PERIOD): an ACL entry of the principal added or removed
 *       by hand, a quota changed, a SCRAM credential deleted or added. The principal's ACLs, quotas and SCRAM
 *       credentials are the KafkaUser's alone.
 *   <li>Ownership: when several KafkaUsers name one Kafka user of one cluster, the oldest manages it; the others are
 *       Stalled with reason Conflict and change nothing, not even on deletion.
 *   <li>Secrets: the operator writes only the Secret named after the KafkaUser, owned by it (the garbage collector
 *       deletes it with the resource), and reads only that one, the one spec.authentication.passwordFrom names and the
 *       cluster's clients CA. No secret value goes into logs, conditions or Events.
 *   <li>Deletion (finalizer): the owning KafkaUser removes the principal's ACLs, quotas and SCRAM credentials from Kafka.
 *       A certificate cannot be revoked: it stays valid until it expires, but without ACLs it may do nothing once the
 *       cluster denies by default.
 * </ul>
 */
@ControllerConfiguration(
        name = "kafkauser",
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SpecOrPauseFilter.class),
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
public class KafkaUserReconciler implements Reconciler<KafkaUser>, Cleaner<KafkaUser> {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaUserReconciler.class);
    private static final Duration WAIT_FOR_CLUSTER = Duration.ofSeconds(30);
    private static final Duration WAIT_FOR_KAFKA = Duration.ofSeconds(10);
    private static final Duration WAIT_FOR_CA = Duration.ofSeconds(5);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final OperatorDependencies deps;
    private final ReconcileSupport support;
    private final UserSecretStore secrets;

    public KafkaUserReconciler(OperatorDependencies deps) {
        this.deps = deps;
        this.support = new ReconcileSupport(deps);
        this.secrets = new UserSecretStore(deps.client());
    }

    @Override
    public List<EventSource<?, KafkaUser>> prepareEventSources(EventSourceContext<KafkaUser> context) {
        return List.of(ClusterRefEventSource.of(
                KafkaUser.class,
                context,
                user -> user.getSpec() == null ? null : user.getSpec().getClusterRef()));
    }

    @Override
    public UpdateControl<KafkaUser> reconcile(KafkaUser user, Context<KafkaUser> context) throws Exception {
        JsonNode before = StatusWriter.snapshot(user.getStatus());
        return support.timed(user, () -> StatusWriter.write(reconcile(user, before, context), context));
    }

    private UpdateControl<KafkaUser> reconcile(KafkaUser user, JsonNode before, Context<KafkaUser> context)
            throws Exception {
        if (Resources.isPaused(user)) {
            return support.paused(
                    user,
                    before,
                    "the user's credentials, ACLs and quotas in Kafka and its Secret are not"
                            + " touched, not even when the KafkaUser is deleted");
        }
        Validation validation = KafkaUserValidator.validate(user);
        if (!validation.isValid()) {
            return support.invalid(user, before, validation);
        }
        KafkaUserStatus status = user.getStatus();
        String userName = user.kafkaUserName();
        status.setUserName(userName);
        String clusterName = user.getSpec().getClusterRef().getName();
        Optional<KafkaCluster> found = context.getSecondaryResource(KafkaCluster.class);
        Optional<Health> missing =
                ClusterStall.missing(clusterName, found, user.getMetadata().getNamespace());
        if (missing.isPresent()) {
            return StatusWriter.conclude(user, before, missing.get(), deps.clock())
                    .rescheduleAfter(WAIT_FOR_CLUSTER);
        }
        KafkaCluster cluster = found.get();
        KafkaUser owner = UserOwnership.owner(
                user,
                UserOwnership.samePrincipal(
                        user, context.getPrimaryCache().list(user.getMetadata().getNamespace())));
        if (!UserOwnership.isSame(owner, user)) {
            return support.stalled(
                            user,
                            before,
                            Reasons.CONFLICT,
                            "Kafka user " + userName + " of cluster "
                                    + clusterName + " is managed by KafkaUser " + Resources.ref(owner)
                                    + " (the older resource); this"
                                    + " KafkaUser changes nothing: delete it, or set another spec.userName")
                    .rescheduleAfter(WAIT_FOR_CLUSTER);
        }
        Health health;
        try {
            health = converge(user, cluster);
        } catch (TimeoutException e) {
            health = Health.progressing(
                    Reasons.KAFKA_UNREACHABLE,
                    "cannot reach Kafka of cluster " + clusterName
                            + " at " + deps.admins().bootstrapFor(cluster) + ": "
                            + new KafkaCalls(deps.config().adminTimeout())
                                    .timedOut("apply Kafka user " + userName)
                                    .getMessage());
        } catch (KafkaException e) {
            // A bootstrap address that does not resolve yet (Admin.create).
            health = Health.progressing(
                    Reasons.KAFKA_UNREACHABLE,
                    "cannot reach Kafka of cluster " + clusterName + " at "
                            + deps.admins().bootstrapFor(cluster) + ": " + ReconcileSupport.describe(e));
        } catch (ExecutionException e) {
            RuntimeException problem =
                    KafkaFailures.classify(e, Reasons.KAFKA_REJECTED, "apply Kafka user " + userName);
            if (problem instanceof SpecProblem spec) {
                health = Health.stalled(spec.reason(), spec.getMessage());
            } else if (KafkaFailures.isTimeout(e)) {
                health = Health.progressing(
                        Reasons.KAFKA_UNREACHABLE,
                        "cannot reach Kafka of cluster " + clusterName + " at "
                                + deps.admins().bootstrapFor(cluster) + ": " + problem.getMessage());
            } else {
                throw problem;
            }
        }
        health = ClusterStall.unlessBlocked(cluster, health);
        UpdateControl<KafkaUser> update = health.isStalled()
                ? support.stalled(user, before, health.reason(), health.message())
                : StatusWriter.conclude(user, before, health, deps.clock());
        if (health.isReady()) {
            return update.rescheduleAfter(deps.config().topicResyncPeriod());
        }
        return health.isStalled()
                ? update.rescheduleAfter(WAIT_FOR_CLUSTER)
                : update.rescheduleAfter(
                        health.reason().equals(Reasons.KAFKA_UNREACHABLE) ? WAIT_FOR_KAFKA : WAIT_FOR_CA);
    }

    /** Credentials, ACLs and quotas, in this order; the first thing that cannot be done is the health. */
    private Health converge(KafkaUser user, KafkaCluster cluster) throws Exception {
        String userName = user.kafkaUserName();
        UserAuthentication authentication = user.getSpec().getAuthentication();
        UserAuthentication.Type type = authentication == null ? null : authentication.getType();
        Optional<Secret> stored = secrets.get(
                user.getMetadata().getNamespace(), user.getMetadata().getName());
        if (type != null && stored.isPresent()) {
            Optional<String> refusal = UserSecretStore.refusal(stored.get(), user);
            if (refusal.isPresent()) {
                return Health.stalled(Reasons.CONFLICT, refusal.get());
            }
        }
        List<String> changed = new ArrayList<>();
        Admin admin = deps.admins().adminFor(cluster);
        KafkaUserStatus status = user.getStatus();
        status.setSecret(type == null ? null : user.getMetadata().getName());
        if (type != UserAuthentication.Type.TLS) {
            status.setCertificateNotAfter(null);
        }
        Optional<Health> noListener = UserListeners.missing(
                type,
                cluster.getSpec().getListeners() == null
                        ? List.of()
                        : cluster.getSpec().getListeners(),
                cluster.getMetadata().getName(),
                user.kafkaUserName());
        if (noListener.isPresent()) {
            return noListener.get();
        }
        if (type == UserAuthentication.Type.TLS) {
            Optional<Health> waiting = certificate(user, cluster, stored);
            if (waiting.isPresent()) {
                return waiting.get();
            }
        }
        if (!reachable(admin)) {
            return Health.progressing(
                    Reasons.KAFKA_UNREACHABLE,
                    "cannot reach Kafka of cluster " + cluster.getMetadata().getName() + " at "
                            + deps.admins().bootstrapFor(cluster));
        }
        String password = null;
        if (type == UserAuthentication.Type.SCRAM_SHA_512) {
            Optional<String> fromSpec = Optional.empty();
            if (authentication.getPasswordFrom() != null) {
                SecretConfig.SecretKeyRef ref = authentication.getPasswordFrom().getSecretKeyRef();
                fromSpec = secrets.get(user.getMetadata().getNamespace(), ref.getName())
                        .map(UserSecrets::decoded)
                        .map(d -> d.get(ref.getKey()))
                        .map(b -> new String(b, StandardCharsets.UTF_8))
                        .filter(p -> !p.isEmpty());
                if (fromSpec.isEmpty()) {
                    return Health.stalled(
                            UserReasons.PASSWORD_SECRET_INVALID,
                            "Secret " + ref.getName()
                                    + " named in spec.authentication.passwordFrom.secretKeyRef does not exist or has no"
                                    + " non-empty key " + ref.getKey()
                                    + ": create it, or remove passwordFrom to let the"
                                    + " operator generate a password");
                }
            }
            Map<String, byte[]> data = stored.map(UserSecrets::decoded).orElse(Map.of());
            password = fromSpec.orElseGet(() -> Optional.ofNullable(data.get(UserSecrets.PASSWORD))
                    .map(b -> new String(b, StandardCharsets.UTF_8))
                    .filter(p -> !p.isEmpty())
                    .orElseGet(UserSecrets::generatePassword));
        }
        ScramPlan scram = ScramPlan.of(
                type == UserAuthentication.Type.SCRAM_SHA_512,
                password != null
                        && stored.map(s -> s.getMetadata().getAnnotations())
                                .map(a -> a.get(UserSecrets.SCRAM_FINGERPRINT))
                                .map(UserSecrets.fingerprint(userName, password)::equals)
                                .orElse(false),
                scramCredentials(admin, userName));
        if (!scram.isEmpty()) {
            admin.alterUserScramCredentials(scram.alterations(userName, password))
                    .all()
                    .get(timeout(), TimeUnit.MILLISECONDS);
            changed.add(scram.describe());
        }
        if (password != null) {
            secrets.write(
                    UserSecrets.secret(
                            user,
                            UserSecrets.scram(userName, password),
                            Map.of(UserSecrets.SCRAM_FINGERPRINT, UserSecrets.fingerprint(userName, password))),
                    stored);
        }

        Set<AclBinding> desiredAcls = AclPlan.desired(principal(userName), rules(user));
        Optional<Collection<AclBinding>> actualAcls = acls(admin, userName);
        if (actualAcls.isEmpty()) {
            status.setAcls(null);
            if (!desiredAcls.isEmpty()) {
                return Health.stalled(
                        UserReasons.AUTHORIZER_DISABLED,
                        "KafkaCluster " + cluster.getMetadata().getName()
                                + " runs no authorizer, so Kafka keeps no ACLs: enable authorization on the cluster"
                                + " (spec.authorization), or remove spec.authorization.acls from this user");
            }
        } else {
            AclPlan acls = AclPlan.of(desiredAcls, actualAcls.get());
            if (!acls.delete().isEmpty()) {
                admin.deleteAcls(
                                acls.delete().stream().map(AclBinding::toFilter).toList())
                        .all()
                        .get(timeout(), TimeUnit.MILLISECONDS);
            }
            if (!acls.create().isEmpty()) {
                admin.createAcls(acls.create()).all().get(timeout(), TimeUnit.MILLISECONDS);
            }
            if (!acls.isEmpty()) {
                changed.add(acls.describe());
            }
            status.setAcls(desiredAcls.size());
        }

        QuotaPlan quotas = QuotaPlan.of(QuotaPlan.desired(user.getSpec().getQuotas()), quotas(admin, userName));
        if (!quotas.isEmpty()) {
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity(userName), quotas.ops())))
                    .all()
                    .get(timeout(), TimeUnit.MILLISECONDS);
            changed.add("quotas " + quotas.describe());
        }
        if (!changed.isEmpty()) {
            String message = "changed Kafka user " + userName + " to match the spec: " + String.join("; ", changed);
            LOG.info("{}: {}", Resources.ref(user), message);
            deps.events().normal(user, UserReasons.UPDATED, message);
        }
        return Health.ready(
                Reasons.READY,
                "Kafka user " + userName + " matches the spec"
                        + (type == null
                                ? ""
                                : "; credentials in Secret "
                                        + user.getMetadata().getName()));
    }

    /** Issues or keeps the user's certificate; a health when it cannot be done yet. */
    private Optional<Health> certificate(KafkaUser user, KafkaCluster cluster, Optional<Secret> stored) {
        String clusterName = cluster.getMetadata().getName();
        CertificatesSpec spec = cluster.getSpec().getCertificates() == null
                ? new CertificatesSpec()
                : cluster.getSpec().getCertificates();
        RenewalPlanner.Settings settings =
                RenewalPlanner.Settings.ofDays(spec.getValidityDays(), spec.getRenewalDays(), spec.getCaValidityDays());
        Instant now = deps.clock().instant();
        String namespace = user.getMetadata().getNamespace();
        Optional<ClientsCa> ca = spec.getClientsCa() != null
                ? secrets.get(namespace, spec.getClientsCa().getSecretName())
                        .map(UserSecrets::decoded)
                        .flatMap(ClientsCa::fromUserSecret)
                : secrets.get(namespace, ClusterNames.clientsCa(clusterName))
                        .map(UserSecrets::decoded)
                        .flatMap(d -> ClientsCa.fromOperatorSecret(d, settings, now));
        if (ca.isEmpty()) {
            return Optional.of(Health.progressing(
                    UserReasons.WAITING_FOR_CLIENTS_CA,
                    "waiting for the clients CA of"
                            + " KafkaCluster " + clusterName + " (Secret "
                            + (spec.getClientsCa() != null
                                    ? spec.getClientsCa().getSecretName()
                                    : ClusterNames.clientsCa(clusterName))
                            + ")"));
        }
        Map<String, byte[]> data = stored.map(UserSecrets::decoded).orElse(Map.of());
        Optional<X509Certificate> current = UserSecrets.certificate(data);
        String userName = user.kafkaUserName();
        Optional<String> reason = UserSecrets.tlsComplete(data)
                ? UserCertificate.renewal(current, userName, ca.get().signer(), settings, now)
                : Optional.of(current.isEmpty() ? "no certificate yet" : "the Secret misses some of its files");
        Map<String, byte[]> desired;
        X509Certificate certificate;
        if (reason.isPresent()) {
            CertificateAuthority signer = ca.get().signer();
            CertificateAuthority.Issued issued = signer.issueClient(
                    userName, now, RenewalPlanner.issuedNotAfter(signer.certificate(), settings, now));
            desired = UserSecrets.tls(issued, signer.certificate(), ca.get().trusted());
            certificate = issued.certificate();
            String message = "issued a client certificate for " + userName + " (" + reason.get() + "), valid until "
                    + RenewalPlanner.notAfter(certificate);
            LOG.info("{}: {}", Resources.ref(user), message);
            deps.events().normal(user, UserReasons.CERTIFICATE_ISSUED, message);
        } else {
            desired = UserSecrets.tlsKept(data, ca.get().trusted());
            certificate = current.orElseThrow();
        }
        secrets.write(UserSecrets.secret(user, desired, Map.of()), stored);
        user.getStatus()
                .setCertificateNotAfter(RenewalPlanner.notAfter(certificate).toString());
        return Optional.empty();
    }

    /** A quick probe, so an unreachable cluster is reported in seconds rather than after every request's timeout. */
    private static boolean reachable(Admin admin) throws InterruptedException {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis()))
                    .clusterId()
                    .get(PROBE_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private static List<AclRule> rules(KafkaUser user) {
        return user.getSpec().getAuthorization() == null
                        || user.getSpec().getAuthorization().getAcls() == null
                ? List.of()
                : user.getSpec().getAuthorization().getAcls();
    }

    static String principal(String userName) {
        return "User:" + userName;
    }

    private static ClientQuotaEntity entity(String userName) {
        return new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, userName));
    }

    private long timeout() {
        return deps.config().adminTimeout().toMillis();
    }

    private static AclBindingFilter principalFilter(String userName) {
        return new AclBindingFilter(
                ResourcePatternFilter.ANY,
                new AccessControlEntryFilter(principal(userName), null, AclOperation.ANY, AclPermissionType.ANY));
    }

    /** The principal's ACL entries; empty when the cluster runs no authorizer. */
    private Optional<Collection<AclBinding>> acls(Admin admin, String userName) throws Exception {
        try {
            return Optional.of(
                    admin.describeAcls(principalFilter(userName)).values().get(timeout(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SecurityDisabledException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private List<ScramCredentialInfo> scramCredentials(Admin admin, String userName) throws Exception {
        try {
            return admin.describeUserScramCredentials(List.of(userName))
                    .description(userName)
                    .get(timeout(), TimeUnit.MILLISECONDS)
                    .credentialInfos();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return List.of();
            }
            throw e;
        }
    }

    private Map<String, Double> quotas(Admin admin, String userName) throws Exception {
        Map<ClientQuotaEntity, Map<String, Double>> described = admin.describeClientQuotas(
                        ClientQuotaFilter.containsOnly(
                                List.of(ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.USER, userName))))
                .entities()
                .get(timeout(), TimeUnit.MILLISECONDS);
        return described.getOrDefault(entity(userName), Map.of());
    }

    @Override
    public DeleteControl cleanup(KafkaUser user, Context<KafkaUser> context) throws Exception {
        String ref = Resources.ref(user);
        String userName = user.kafkaUserName();
        Optional<KafkaCluster> cluster = context.getSecondaryResource(KafkaCluster.class);
        if (cluster.isEmpty() || cluster.get().isMarkedForDeletion()) {
            LOG.info("{}: its cluster is gone; nothing to remove from Kafka", ref);
            return DeleteControl.defaultDelete();
        }
        boolean anotherNamesIt =
                UserOwnership.samePrincipal(
                                user,
                                context.getPrimaryCache()
                                        .list(user.getMetadata().getNamespace()))
                        .stream()
                        .anyMatch(u -> !UserOwnership.isSame(u, user) && !u.isMarkedForDeletion());
        if (anotherNamesIt || Resources.isPaused(user)) {
            String why = anotherNamesIt
                    ? "another KafkaUser names Kafka user " + userName
                    : "the KafkaUser is paused (krafter.dev/paused)";
            LOG.info("{}: leaving Kafka user {} as it is: {}", ref, userName, why);
            deps.events().normal(user, UserReasons.RETAINED, "left Kafka user " + userName + " in place: " + why);
            return DeleteControl.defaultDelete();
        }
        try {
            Admin admin = deps.admins().adminFor(cluster.get());
            List<String> removed = new ArrayList<>();
            Optional<Collection<AclBinding>> acls = acls(admin, userName);
            if (acls.isPresent() && !acls.get().isEmpty()) {
                admin.deleteAcls(List.of(principalFilter(userName))).all().get(timeout(), TimeUnit.MILLISECONDS);
                removed.add(acls.get().size() + " ACL entries");
            }
            ScramPlan scram = ScramPlan.of(false, false, scramCredentials(admin, userName));
            if (!scram.isEmpty()) {
                admin.alterUserScramCredentials(scram.alterations(userName, null))
                        .all()
                        .get(timeout(), TimeUnit.MILLISECONDS);
                removed.add("SCRAM credentials");
            }
            QuotaPlan quotas = QuotaPlan.of(Map.of(), quotas(admin, userName));
            if (!quotas.isEmpty()) {
                admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity(userName), quotas.ops())))
                        .all()
                        .get(timeout(), TimeUnit.MILLISECONDS);
                removed.add("quotas");
            }
            String message = "removed Kafka user " + userName + " from Kafka: "
                    + (removed.isEmpty() ? "it had no ACLs, quotas or SCRAM credentials" : String.join(", ", removed));
            LOG.info("{}: {}", ref, message);
            deps.events().normal(user, UserReasons.DELETED, message);
            return DeleteControl.defaultDelete();
        } catch (TimeoutException | KafkaException e) {
            LOG.warn("{}: cannot reach Kafka to remove user {}; retrying: {}", ref, userName, e.toString());
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(WAIT_FOR_KAFKA);
        }
    }

    @Override
    public ErrorStatusUpdateControl<KafkaUser> updateErrorStatus(
            KafkaUser user, Context<KafkaUser> context, Exception e) {
        return support.error(user, context, e);
    }
}
