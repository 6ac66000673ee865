package dev.krafter.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.AclResource;
import dev.krafter.api.v1alpha1.AclRule;
import dev.krafter.api.v1alpha1.ApiGroup;
import dev.krafter.api.v1alpha1.ClusterRef;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaUser;
import dev.krafter.api.v1alpha1.KafkaUserSpec;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.SecretConfig;
import dev.krafter.api.v1alpha1.UserAuthentication;
import dev.krafter.api.v1alpha1.UserAuthorization;
import dev.krafter.api.v1alpha1.UserQuotas;
import dev.krafter.certs.Pem;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.status.Conditions;
import dev.krafter.status.Reasons;
import dev.krafter.testing.KafkaTestClusters;
import dev.krafter.testing.OperatorTestEnvironment;
import dev.krafter.testing.TestResources;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KafkaUsers on the real operator and a real kube-apiserver, against a real KRaft cluster running Kafka's
 * StandardAuthorizer with SCRAM-SHA-512 enabled: what a user sees in Kafka (ACLs, SCRAM credentials, quotas, read back
 * with Kafka's own Admin API), in its Secret and in its status, drift reverted, and everything removed with it.
 */
class KafkaUserOperatorIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String CLUSTER = "kafka";
    private static KafkaClusterTestKit kafka;
    private static Admin admin;
    private static OperatorTestEnvironment env;
    private static String ns;

    @BeforeAll
    static void start() throws Exception {
        OperatorTestEnvironment.requireApiServer();
        // The test's and the operator's clients connect as User:ANONYMOUS (PLAINTEXT), a super user: deny by default
        // for everyone else.
        kafka = KafkaTestClusters.brokers(1)
                .combined()
                .config("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .config("super.users", "User:ANONYMOUS")
                .config("allow.everyone.if.no.acl.found", "false")
                .config("sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .start();
        admin = kafka.admin();
        env = OperatorTestEnvironment.start(
                OperatorConfig.defaults().withTopicResyncPeriod(Duration.ofSeconds(2)),
                cluster -> kafka.bootstrapServers());
        ns = env.createNamespace("users");
        KafkaCluster cluster = TestResources.kafkaCluster(ns, CLUSTER, 1);
        ListenerSpec scram = new ListenerSpec("scram", 9093, ListenerSpec.Type.INTERNAL);
        scram.setTls(true);
        scram.setAuthentication(ListenerSpec.Authentication.SCRAM_SHA_512);
        cluster.getSpec().setListeners(List.of(new ListenerSpec("plain", 9092, ListenerSpec.Type.INTERNAL), scram));
        env.client().resource(cluster).create();
    }

    @AfterAll
    static void stop() throws Exception {
        KafkaTestClusters.closeAll(env, admin, kafka);
    }

    @Test
    void aScramUserGetsItsPasswordAclsAndQuotasDriftIsRevertedAndDeletionRemovesThemAll() throws Exception {
        create("alice", spec -> {
            spec.setAuthentication(authentication(UserAuthentication.Type.SCRAM_SHA_512));
            spec.setAuthorization(acls(
                    rule(
                            AclResource.Type.TOPIC,
                            "orders",
                            AclResource.PatternType.LITERAL,
                            AclRule.Operation.Read,
                            AclRule.Operation.Describe),
                    rule(AclResource.Type.GROUP, "app-", AclResource.PatternType.PREFIXED, AclRule.Operation.Read)));
            UserQuotas quotas = new UserQuotas();
            quotas.setProducerByteRate(1_048_576L);
            quotas.setRequestPercentage(50);
            spec.setQuotas(quotas);
        });

        KafkaUser ready = awaitReady("alice");
        assertThat(ready.getStatus().getUserName()).isEqualTo("alice");
        assertThat(ready.getStatus().getSecret()).isEqualTo("alice");
        assertThat(ready.getStatus().getAcls()).isEqualTo(3);
        assertThat(ready.getStatus().getObservedGeneration())
                .isEqualTo(ready.getMetadata().getGeneration());
        Set<AclBinding> expected = Set.of(
                binding("alice", ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.READ),
                binding("alice", ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.DESCRIBE),
                binding("alice", ResourceType.GROUP, "app-", PatternType.PREFIXED, AclOperation.READ));
        assertThat(acls("alice")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(scram("alice")).singleElement().satisfies(c -> {
            assertThat(c.mechanism()).isEqualTo(ScramMechanism.SCRAM_SHA_512);
            assertThat(c.iterations()).isGreaterThanOrEqualTo(4096);
        });
        assertThat(quotas("alice"))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("producer_byte_rate", 1_048_576.0, "request_percentage", 50.0));

        Secret secret = secret("alice");
        String password = data(secret, "password");
        assertThat(password).hasSize(32);
        assertThat(data(secret, "sasl.jaas.config"))
                .isEqualTo(
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\" password=\""
                                + password + "\";");
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("KafkaUser");
            assertThat(o.getUid()).isEqualTo(ready.getMetadata().getUid());
            assertThat(o.getController()).isTrue();
        });
        assertThat(conditionMessages("alice"))
                .as("no secret value in conditions")
                .noneMatch(m -> m.contains(password));

        // Drift: an entry added by hand is removed, one deleted by hand comes back, a SCRAM-SHA-256 credential goes.
        AclBinding byHand = binding("alice", ResourceType.TOPIC, "payments", PatternType.LITERAL, AclOperation.WRITE);
        admin.createAcls(List.of(byHand)).all().get(30, TimeUnit.SECONDS);
        admin.deleteAcls(List.of(binding("alice", ResourceType.GROUP, "app-", PatternType.PREFIXED, AclOperation.READ)
                        .toFilter()))
                .all()
                .get(30, TimeUnit.SECONDS);
        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(acls("alice")).containsExactlyInAnyOrderElementsOf(expected));

        // The spec changes: a quota removed, one changed; the password now comes from a Secret of the user's own.
        env.client()
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("alice-password")
                        .withNamespace(ns)
                        .endMetadata()
                        .addToStringData("pw", "correct horse battery staple")
                        .build())
                .create();
        TestResources.editRetryingConflicts(env.client(), KafkaUser.class, ns, "alice", u -> {
            u.getSpec().getQuotas().setRequestPercentage(null);
            u.getSpec().getQuotas().setConsumerByteRate(2048L);
            UserAuthentication.PasswordSource from = new UserAuthentication.PasswordSource();
            from.setSecretKeyRef(new SecretConfig.SecretKeyRef("alice-password", "pw"));
            u.getSpec().getAuthentication().setPasswordFrom(from);
        });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(quotas("alice"))
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("producer_byte_rate", 1_048_576.0, "consumer_byte_rate", 2048.0));
            assertThat(data(secret("alice"), "password")).isEqualTo("correct horse battery staple");
        });
        assertThat(scram("alice"))
                .singleElement()
                .satisfies(c -> assertThat(c.mechanism()).isEqualTo(ScramMechanism.SCRAM_SHA_512));

        env.client()
                .resources(KafkaUser.class)
                .inNamespace(ns)
                .withName("alice")
                .delete();
        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(env.client()
                                .resources(KafkaUser.class)
                                .inNamespace(ns)
                                .withName("alice")
                                .get())
                        .isNull());
        assertThat(acls("alice")).isEmpty();
        assertThat(scram("alice")).isEmpty();
        assertThat(quotas("alice")).isEmpty();
    }

    /**
     * The user's own Secret deleted by hand is written again on the KafkaUser's resync (2 s here): Secrets are read by
     * name, not watched. A generated password cannot be read back, so the new Secret carries a new one.
     */
    @Test
    void aUsersSecretDeletedByHandComesBack() throws Exception {
        create("frank", spec -> spec.setAuthentication(authentication(UserAuthentication.Type.SCRAM_SHA_512)));
        awaitReady("frank");
        String before = data(secret("frank"), "password");
        env.client().secrets().inNamespace(ns).withName("frank").delete();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            Secret back = secret("frank");
            assertThat(back)
                    .as("the Secret of KafkaUser frank, deleted by hand")
                    .isNotNull();
            assertThat(data(back, "password")).isNotBlank().isNotEqualTo(before);
            assertThat(data(back, "sasl.jaas.config")).contains(data(back, "password"));
        });
        assertThat(scram("frank")).singleElement();
        awaitReady("frank");
    }

    /**
     * A paused KafkaUser changes nothing in Kafka: a spec change waits, Ready=False reason Paused says how to resume;
     * resuming applies it; deleted while paused, its ACLs stay in Kafka.
     */
    @Test
    void aPausedUserChangesNothingInKafkaUntilResumedAndIsLeftInPlaceOnDeletion() throws Exception {
        create(
                "erin",
                spec -> spec.setAuthorization(acls(rule(
                        AclResource.Type.TOPIC, "audit", AclResource.PatternType.LITERAL, AclRule.Operation.Read))));
        awaitReady("erin");
        AclBinding read = binding("erin", ResourceType.TOPIC, "audit", PatternType.LITERAL, AclOperation.READ);
        AclBinding write = binding("erin", ResourceType.TOPIC, "audit", PatternType.LITERAL, AclOperation.WRITE);

        TestResources.editRetryingConflicts(env.client(), KafkaUser.class, ns, "erin", u -> {
            u.getMetadata().setAnnotations(Map.of(ApiGroup.PAUSED_ANNOTATION, "true"));
            u.getSpec().getAuthorization().getAcls().get(0).setOperations(List.of(AclRule.Operation.Write));
        });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            KafkaUser user = get("erin");
            assertThat(user.getStatus().getObservedGeneration())
                    .isEqualTo(user.getMetadata().getGeneration());
            Condition ready = Conditions.find(user.getStatus().getConditions(), Conditions.READY)
                    .orElseThrow();
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo(Reasons.PAUSED);
            assertThat(ready.getMessage())
                    .contains("kubectl annotate kafkauser erin -n " + ns + " krafter.dev/paused-");
            assertThat(Conditions.isTrue(user.getStatus().getConditions(), Conditions.RECONCILING))
                    .isFalse();
            assertThat(Conditions.isTrue(user.getStatus().getConditions(), Conditions.STALLED))
                    .isFalse();
        });
        assertThat(acls("erin")).containsExactly(read);

        TestResources.editRetryingConflicts(
                env.client(), KafkaUser.class, ns, "erin", u -> u.getMetadata().setAnnotations(Map.of()));
        awaitReady("erin");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(acls("erin")).containsExactly(write));

        TestResources.editRetryingConflicts(
                env.client(),
                KafkaUser.class,
                ns,
                "erin",
                u -> u.getMetadata().setAnnotations(Map.of(ApiGroup.PAUSED_ANNOTATION, "true")));
        await().atMost(TIMEOUT)
                .untilAsserted(
                        () -> assertThat(Conditions.find(get("erin").getStatus().getConditions(), Conditions.READY)
                                        .orElseThrow()
                                        .getReason())
                                .isEqualTo(Reasons.PAUSED));
        env.client().resources(KafkaUser.class).inNamespace(ns).withName("erin").delete();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get("erin")).isNull());
        assertThat(acls("erin"))
                .as("a paused user's deletion leaves Kafka alone")
                .containsExactly(write);
        admin.deleteAcls(List.of(write.toFilter())).all().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aSecondKafkaUserForTheSamePrincipalIsAConflictAndChangesNothing() throws Exception {
        create(
                "bob",
                spec -> spec.setAuthorization(acls(rule(
                        AclResource.Type.TOPIC, "logs", AclResource.PatternType.LITERAL, AclRule.Operation.Read))));
        awaitReady("bob");
        create("bob-again", spec -> {
            spec.setUserName("bob");
            spec.setAuthorization(
                    acls(rule(AclResource.Type.TOPIC, "*", AclResource.PatternType.LITERAL, AclRule.Operation.All)));
        });

        Condition stalled = awaitStalled("bob-again");
        assertThat(stalled.getReason()).isEqualTo("Conflict");
        assertThat(stalled.getMessage())
                .contains("Kafka user bob of cluster kafka is managed by KafkaUser " + ns + "/bob");
        assertThat(acls("bob"))
                .containsExactly(binding("bob", ResourceType.TOPIC, "logs", PatternType.LITERAL, AclOperation.READ));

        env.client()
                .resources(KafkaUser.class)
                .inNamespace(ns)
                .withName("bob-again")
                .delete();
        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(env.client()
                                .resources(KafkaUser.class)
                                .inNamespace(ns)
                                .withName("bob-again")
                                .get())
                        .isNull());
        assertThat(acls("bob"))
                .as("the conflicting one's deletion leaves bob alone")
                .hasSize(1);
    }

    @Test
    void aTlsUserGetsACertificateFromTheClientsCaOnlyOnAClusterWithAnMtlsListener() throws Exception {
        // Encrypted, but no listener asks for client certificates: a certificate would authenticate nobody.
        KafkaCluster encrypted = TestResources.kafkaCluster(ns, "encrypted", 1);
        ListenerSpec tlsOnly = new ListenerSpec("tls", 9093, ListenerSpec.Type.INTERNAL);
        tlsOnly.setTls(true);
        encrypted.getSpec().setListeners(List.of(tlsOnly));
        env.client().resource(encrypted).create();
        create("carol", spec -> {
            spec.setClusterRef(new ClusterRef("encrypted"));
            spec.setAuthentication(authentication(UserAuthentication.Type.TLS));
        });
        Condition stalled = awaitStalled("carol");
        assertThat(stalled.getReason()).isEqualTo("NoTlsListener");
        assertThat(stalled.getMessage())
                .contains("KafkaCluster encrypted has no listener with authentication: tls")
                .contains("tls: true, authentication: tls");
        assertThat(secret("carol")).isNull();
        // Nor would any listener take a password.
        create("erin", spec -> {
            spec.setClusterRef(new ClusterRef("encrypted"));
            spec.setAuthentication(authentication(UserAuthentication.Type.SCRAM_SHA_512));
        });
        Condition noScram = awaitStalled("erin");
        assertThat(noScram.getReason()).isEqualTo("NoScramListener");
        assertThat(noScram.getMessage())
                .contains("KafkaCluster encrypted has no listener with authentication: scram-sha-512");
        assertThat(scram("erin")).isEmpty();

        KafkaCluster secure = TestResources.kafkaCluster(ns, "secure", 1);
        ListenerSpec mtls = new ListenerSpec("mtls", 9093, ListenerSpec.Type.INTERNAL);
        mtls.setTls(true);
        mtls.setAuthentication(ListenerSpec.Authentication.TLS);
        secure.getSpec().setListeners(List.of(new ListenerSpec("plain", 9092, ListenerSpec.Type.INTERNAL), mtls));
        env.client().resource(secure).create();
        TestResources.editRetryingConflicts(
                env.client(), KafkaUser.class, ns, "carol", u -> u.getSpec().setClusterRef(new ClusterRef("secure")));

        KafkaUser ready = awaitReady("carol");
        Secret secret = secret("carol");
        assertThat(secret.getData())
                .containsOnlyKeys("user.crt", "user.key", "user.pem", "user.p12", "user.password", "ca.crt");
        X509Certificate certificate =
                Pem.readCertificate(data(secret, "user.crt")).orElseThrow();
        X509Certificate clientsCa = Pem.readCertificate(data(secret("secure-clients-ca-cert"), "ca.crt"))
                .orElseThrow();
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=carol");
        certificate.verify(clientsCa.getPublicKey());
        assertThat(Pem.readPrivateKey(data(secret, "user.pem"))).isPresent();
        assertThat(ready.getStatus().getCertificateNotAfter())
                .isEqualTo(certificate.getNotAfter().toInstant().toString());
        assertThat(scram("carol")).isEmpty();

        // A steady user keeps its certificate.
        String resourceVersion = secret.getMetadata().getResourceVersion();
        Thread.sleep(5000);
        assertThat(secret("carol").getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    }

    @Test
    void aMissingPasswordSecretIsStalledAndNamesIt() throws Exception {
        create("dave", spec -> {
            UserAuthentication scram = authentication(UserAuthentication.Type.SCRAM_SHA_512);
            UserAuthentication.PasswordSource from = new UserAuthentication.PasswordSource();
            from.setSecretKeyRef(new SecretConfig.SecretKeyRef("no-such-secret", "password"));
            scram.setPasswordFrom(from);
            spec.setAuthentication(scram);
        });
        Condition stalled = awaitStalled("dave");
        assertThat(stalled.getReason()).isEqualTo("PasswordSecretInvalid");
        assertThat(stalled.getMessage()).contains("Secret no-such-secret").contains("key password");
        assertThat(scram("dave")).isEmpty();
    }

    // --- helpers ---

    private static void create(String name, Consumer<KafkaUserSpec> customize) {
        KafkaUser user = new KafkaUser();
        user.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        KafkaUserSpec spec = new KafkaUserSpec();
        spec.setClusterRef(new ClusterRef(CLUSTER));
        customize.accept(spec);
        user.setSpec(spec);
        user.setStatus(null);
        env.client().resource(user).create();
    }

    private static UserAuthentication authentication(UserAuthentication.Type type) {
        UserAuthentication authentication = new UserAuthentication();
        authentication.setType(type);
        return authentication;
    }

    private static UserAuthorization acls(AclRule... rules) {
        UserAuthorization authorization = new UserAuthorization();
        authorization.setAcls(List.of(rules));
        return authorization;
    }

    private static AclRule rule(
            AclResource.Type type, String name, AclResource.PatternType pattern, AclRule.Operation... operations) {
        AclRule rule = new AclRule();
        rule.setResource(new AclResource(type, name, pattern));
        rule.setOperations(List.of(operations));
        return rule;
    }

    private static AclBinding binding(
            String user, ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    private static KafkaUser get(String name) {
        return env.client()
                .resources(KafkaUser.class)
                .inNamespace(ns)
                .withName(name)
                .get();
    }

    private static KafkaUser awaitReady(String name) {
        await().atMost(TIMEOUT).untilAsserted(() -> {
            KafkaUser user = get(name);
            assertThat(user.getStatus()).isNotNull();
            assertThat(Conditions.isTrue(user.getStatus().getConditions(), Conditions.READY))
                    .as("%s: %s", name, user.getStatus().getConditions())
                    .isTrue();
            assertThat(user.getStatus().getObservedGeneration())
                    .isEqualTo(user.getMetadata().getGeneration());
        });
        return get(name);
    }

    private static Condition awaitStalled(String name) {
        await().atMost(TIMEOUT).untilAsserted(() -> {
            KafkaUser user = get(name);
            assertThat(user.getStatus()).isNotNull();
            assertThat(Conditions.isTrue(user.getStatus().getConditions(), Conditions.STALLED))
                    .as("%s: %s", name, user.getStatus().getConditions())
                    .isTrue();
            assertThat(user.getStatus().getObservedGeneration())
                    .isEqualTo(user.getMetadata().getGeneration());
        });
        return Conditions.find(get(name).getStatus().getConditions(), Conditions.STALLED)
                .orElseThrow();
    }

    private static List<String> conditionMessages(String name) {
        return get(name).getStatus().getConditions().stream()
                .map(Condition::getMessage)
                .collect(Collectors.toList());
    }

    private static Secret secret(String name) {
        return env.client().secrets().inNamespace(ns).withName(name).get();
    }

    private static String data(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    private static Collection<AclBinding> acls(String user) throws Exception {
        return admin.describeAcls(new AclBindingFilter(
                        ResourcePatternFilter.ANY,
                        new AccessControlEntryFilter("User:" + user, null, AclOperation.ANY, AclPermissionType.ANY)))
                .values()
                .get(30, TimeUnit.SECONDS);
    }

    private static List<ScramCredentialInfo> scram(String user) throws Exception {
        try {
            return admin.describeUserScramCredentials(List.of(user))
                    .description(user)
                    .get(30, TimeUnit.SECONDS)
                    .credentialInfos();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return List.of();
            }
            throw e;
        }
    }

    private static Map<String, Double> quotas(String user) throws Exception {
        ClientQuotaEntity entity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, user));
        return admin.describeClientQuotas(ClientQuotaFilter.containsOnly(
                        List.of(ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.USER, user))))
                .entities()
                .get(30, TimeUnit.SECONDS)
                .getOrDefault(entity, Map.of());
    }
}
