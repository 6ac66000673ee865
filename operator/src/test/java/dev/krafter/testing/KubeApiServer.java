package dev.krafter.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A real etcd and kube-apiserver for the operator tests, started once per test JVM from the binaries in
 * {@code $KRAFTER_K8S_BIN} (the directory {@code local-cluster/build.sh} prints) and shared by every test class; tests
 * keep apart by namespace. There is no node and no controller manager: objects are stored, validated, defaulted,
 * versioned and watched exactly as on a cluster, but no pod is ever scheduled, nothing is garbage-collected through
 * owner references, and a deleted namespace stays Terminating.
 *
 * <p>Everything listens on 127.0.0.1 only. The PKI is made here: a throw-away CA, the API server's serving
 * certificate, a client certificate for an admin in {@code system:masters}, and the service-account signing key.
 * Authorization is RBAC, as on a cluster. Without the binaries a test is skipped with the reason, or fails under
 * {@code CI=true}.
 *
 * <p>Both processes run under a small shell guard that stops them when the test JVM's end of a pipe closes, so an
 * aborted test run leaves no etcd or API server behind.
 */
public final class KubeApiServer {
    public static final String BIN_ENV = "KRAFTER_K8S_BIN";
    /** Keeps the work directory (logs, certificates, kubeconfig) after the JVM ends when "true". */
    public static final String KEEP_PROPERTY = "krafter.k8s.keep";

    public static final String ADMIN_USER = "krafter-test-admin";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> BINARIES = List.of("etcd", "kube-apiserver");
    /** Stops the guarded command when the guard's stdin (the JVM's end of the pipe) reaches end of file. */
    private static final String GUARD = "exec 3<&0\n\"$@\" </dev/null &\nchild=$!\n"
            + "( read -r _ <&3; kill \"$child\" 2>/dev/null ) &\nwait \"$child\"\n";

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private static KubeApiServer shared;
    private static RuntimeException sharedFailure;
    private static volatile boolean skipReported;

    private final Path binDir;
    private final Path workDir;
    private final Pki pki;
    private final String url;
    private final Process etcd;
    private final Process apiServer;
    private String version;

    private KubeApiServer(Path binDir, Path workDir, Pki pki, String url, Process etcd, Process apiServer) {
        this.binDir = binDir;
        this.workDir = workDir;
        this.pki = pki;
        this.url = url;
        this.etcd = etcd;
        this.apiServer = apiServer;
    }

    /**
     * The API server of this JVM, started on first use with the Krafter CRDs installed. Skips the calling test (or
     * fails it under {@code CI=true}) when {@code $KRAFTER_K8S_BIN} does not name a directory with etcd and
     * kube-apiserver.
     */
    public static synchronized KubeApiServer shared() {
        Path bin = binDir();
        if (sharedFailure != null) {
            throw sharedFailure;
        }
        if (shared == null) {
            try {
                shared = start(bin);
                Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "kube-apiserver-stop"));
                try (KubernetesClient client = shared.newClient()) {
                    installCrds(client);
                }
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
        }
        return shared;
    }

    /**
     * The directory with the binaries, from {@code $KRAFTER_K8S_BIN} (or the system property {@code krafter.k8s.bin}).
     * When it is missing the calling test is skipped with the reason, or fails when {@code CI=true}.
     */
    public static Path binDir() {
        String value = System.getenv(BIN_ENV);
        if (value == null || value.isBlank()) {
            value = System.getProperty("krafter.k8s.bin");
        }
        String problem = null;
        Path dir = null;
        if (value == null || value.isBlank()) {
            problem = BIN_ENV + " is not set";
        } else {
            dir = Path.of(value).toAbsolutePath();
            for (String binary : BINARIES) {
                if (!Files.isExecutable(dir.resolve(binary))) {
                    problem = BIN_ENV + "=" + value + " has no executable " + binary;
                    break;
                }
            }
        }
        if (problem != null) {
            String message = problem + ": the operator tests run against a real etcd + kube-apiserver. Build them with"
                    + " `bash local-cluster/build.sh` and export " + BIN_ENV + " as the bin directory it prints.";
            if (!skipReported && !RequiredTool.underCi()) {
                // A class skipped in @BeforeAll shows as "Tests run: 0" in the Maven summary: say why, once.
                skipReported = true;
                System.err.println("[krafter] SKIPPING the tests that need a kube-apiserver: " + message);
            }
            RequiredTool.require(false, message);
        }
        return dir;
    }

    private static KubeApiServer start(Path bin) {
        Path workDir;
        try {
            workDir = Files.createTempDirectory("krafter-kube-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Pki pki = Pki.create(workDir.resolve("pki"));
        RuntimeException last = null;
        // A port picked as free can be taken before the process binds it: try again with new ports.
        for (int attempt = 1; attempt <= 3; attempt++) {
            Process etcd = null;
            Process apiServer = null;
            try {
                int etcdClientPort = freePort();
                int etcdPeerPort = freePort();
                int apiPort = freePort();
                Path etcdData = workDir.resolve("etcd-" + attempt);
                etcd = guarded(
                        List.of(
                                bin.resolve("etcd").toString(),
                                "--name=krafter-test",
                                "--data-dir=" + etcdData,
                                "--listen-client-urls=http://127.0.0.1:" + etcdClientPort,
                                "--advertise-client-urls=http://127.0.0.1:" + etcdClientPort,
                                "--listen-peer-urls=http://127.0.0.1:" + etcdPeerPort,
                                "--initial-advertise-peer-urls=http://127.0.0.1:" + etcdPeerPort,
                                "--initial-cluster=krafter-test=http://127.0.0.1:" + etcdPeerPort,
                                // test data: nothing has to survive a crash, and fsync is the slowest part of etcd here
                                "--unsafe-no-fsync=true",
                                "--log-level=warn"),
                        workDir.resolve("etcd.log"));
                apiServer = guarded(
                        List.of(
                                bin.resolve("kube-apiserver").toString(),
                                "--etcd-servers=http://127.0.0.1:" + etcdClientPort,
                                "--bind-address=127.0.0.1",
                                "--advertise-address=127.0.0.1",
                                "--secure-port=" + apiPort,
                                "--cert-dir=" + workDir.resolve("apiserver-certs"),
                                "--tls-cert-file=" + pki.serverCert(),
                                "--tls-private-key-file=" + pki.serverKey(),
                                "--client-ca-file=" + pki.caCert(),
                                "--authorization-mode=RBAC",
                                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                                "--service-account-key-file=" + pki.serviceAccountPublicKey(),
                                "--service-account-signing-key-file=" + pki.serviceAccountKey(),
                                "--service-cluster-ip-range=10.96.0.0/16",
                                // the Endpoints of the "kubernetes" Service cannot name a loopback address
                                "--endpoint-reconciler-type=none",
                                "--profiling=false",
                                "--v=1"),
                        workDir.resolve("kube-apiserver.log"));
                String url = "https://127.0.0.1:" + apiPort;
                KubeApiServer server = new KubeApiServer(bin, workDir, pki, url, etcd, apiServer);
                server.version = server.awaitReady();
                return server;
            } catch (RuntimeException e) {
                last = e;
                stopProcess(apiServer);
                stopProcess(etcd);
            }
        }
        throw last;
    }

    /** Waits for /readyz and the default namespace; returns the server's version. */
    private String awaitReady() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        Exception lastError = null;
        try (KubernetesClient client = newClient()) {
            while (System.nanoTime() < deadline) {
                if (!etcd.isAlive()) {
                    throw failure("etcd exited with code " + etcd.exitValue(), null);
                }
                if (!apiServer.isAlive()) {
                    throw failure("kube-apiserver exited with code " + apiServer.exitValue(), null);
                }
                try {
                    String ready = client.raw(url + "/readyz");
                    if ("ok".equals(ready)
                            && client.namespaces().withName("default").get() != null) {
                        return client.getKubernetesVersion().getGitVersion();
                    }
                } catch (KubernetesClientException e) {
                    lastError = e;
                }
                sleep(Duration.ofMillis(250));
            }
        }
        throw failure("kube-apiserver not ready after " + STARTUP_TIMEOUT.toSeconds() + " s", lastError);
    }

    private IllegalStateException failure(String what, Exception cause) {
        return new IllegalStateException(
                what + " (work directory " + workDir + ")\n--- etcd.log (end)\n"
                        + tail(workDir.resolve("etcd.log")) + "\n--- kube-apiserver.log (end)\n"
                        + tail(workDir.resolve("kube-apiserver.log")),
                cause);
    }

    /** The Krafter CRDs, created (or replaced) and Established, so their endpoints serve. */
    static void installCrds(KubernetesClient client) {
        for (String file : OperatorTestEnvironment.CRD_FILES) {
            installCrd(client, OperatorTestEnvironment.loadCrd(client, file));
        }
    }

    /** Applies {@code crd} server-side (taking over its fields) and waits until it is Established. */
    public static void installCrd(KubernetesClient client, CustomResourceDefinition crd) {
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(crd)
                .forceConflicts()
                .serverSideApply();
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(crd.getMetadata().getName())
                .waitUntilCondition(
                        c -> c != null
                                && c.getStatus() != null
                                && c.getStatus().getConditions() != null
                                && c.getStatus().getConditions().stream()
                                        .anyMatch(cond -> "Established".equals(cond.getType())
                                                && "True".equals(cond.getStatus())),
                        60,
                        TimeUnit.SECONDS);
    }

    /** A client authenticated as {@value #ADMIN_USER} in {@code system:masters}. Close it. */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(clientConfig()).build();
    }

    /** The admin client's configuration (no kubeconfig, no environment variables, no in-cluster files). */
    public Config clientConfig() {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withCaCertData(base64(pki.caCert()))
                .withClientCertData(base64(pki.adminCert()))
                .withClientKeyData(base64(pki.adminKey()))
                .withClientKeyAlgo("RSA")
                .build();
    }

    /** Creates a namespace named {@code prefix} plus a random suffix, and returns its name. */
    public String createNamespace(KubernetesClient client, String prefix) {
        String name = prefix + "-"
                + Long.toString(
                        java.util.concurrent.ThreadLocalRandom.current()
                                .nextLong(36L * 36 * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36 * 36),
                        36);
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .create();
        return name;
    }

    public String url() {
        return url;
    }

    /** The server's gitVersion, e.g. v1.37.2. */
    public String version() {
        return version;
    }

    public Path binDirectory() {
        return binDir;
    }

    /** A kubeconfig for the admin, for kubectl while debugging a test. */
    public Path kubeconfig() {
        Path file = workDir.resolve("kubeconfig");
        String text = "apiVersion: v1\nkind: Config\nclusters:\n- name: test\n  cluster:\n    server: " + url
                + "\n    certificate-authority: " + pki.caCert() + "\nusers:\n- name: admin\n  user:\n"
                + "    client-certificate: " + pki.adminCert() + "\n    client-key: " + pki.adminKey()
                + "\ncontexts:\n- name: test\n  context:\n    cluster: test\n    user: admin\ncurrent-context: test\n";
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Stops both processes and removes the work directory (unless {@value #KEEP_PROPERTY} is true). */
    public void stop() {
        stopProcess(apiServer);
        stopProcess(etcd);
        if (!Boolean.getBoolean(KEEP_PROPERTY)) {
            deleteRecursively(workDir);
        }
    }

    // --- processes ---------------------------------------------------------------------------------------------

    private static Process guarded(List<String> command, Path log) {
        List<String> full = new ArrayList<>(List.of("bash", "-c", GUARD, "guard"));
        full.addAll(command);
        try {
            return new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    private static void stopProcess(Process process) {
        if (process == null) {
            return;
        }
        try (OutputStream stdin = process.getOutputStream()) {
            // closing the guard's stdin makes it stop the child
        } catch (IOException ignored) {
            // already closed
        }
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private static String base64(Path file) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        // twice: a process that was just stopped may still have been closing a file during the first pass
        for (int pass = 0; pass < 2 && Files.exists(dir); pass++) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException ignored) {
                // best effort: it is a temporary directory
            }
        }
    }

    // --- PKI ---------------------------------------------------------------------------------------------------

    /** The files of a throw-away PKI: a CA, the serving certificate, an admin client certificate, the SA key pair. */
    record Pki(
            Path caCert,
            Path serverCert,
            Path serverKey,
            Path adminCert,
            Path adminKey,
            Path serviceAccountKey,
            Path serviceAccountPublicKey) {

        static Pki create(Path dir) {
            try {
                Files.createDirectories(dir);
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair caKeys = generator.generateKeyPair();
                X500Name caName = new X500Name("CN=krafter-test-ca");
                X509Certificate ca = sign(caName, caKeys, caName, caKeys, true, null, null);

                KeyPair serverKeys = generator.generateKeyPair();
                X509Certificate server = sign(
                        caName,
                        caKeys,
                        new X500Name("CN=kube-apiserver"),
                        serverKeys,
                        false,
                        KeyPurposeId.id_kp_serverAuth,
                        new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                            new GeneralName(GeneralName.iPAddress, "10.96.0.1"),
                            new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.dNSName, "kubernetes"),
                            new GeneralName(GeneralName.dNSName, "kubernetes.default"),
                            new GeneralName(GeneralName.dNSName, "kubernetes.default.svc"),
                            new GeneralName(GeneralName.dNSName, "kubernetes.default.svc.cluster.local")
                        }));

                KeyPair adminKeys = generator.generateKeyPair();
                X509Certificate admin = sign(
                        caName,
                        caKeys,
                        new X500Name("O=system:masters,CN=" + ADMIN_USER),
                        adminKeys,
                        false,
                        KeyPurposeId.id_kp_clientAuth,
                        null);

                KeyPair serviceAccountKeys = generator.generateKeyPair();

                Pki pki = new Pki(
                        dir.resolve("ca.crt"),
                        dir.resolve("apiserver.crt"),
                        dir.resolve("apiserver.key"),
                        dir.resolve("admin.crt"),
                        dir.resolve("admin.key"),
                        dir.resolve("sa.key"),
                        dir.resolve("sa.pub"));
                pem(pki.caCert(), "CERTIFICATE", ca.getEncoded());
                pem(pki.serverCert(), "CERTIFICATE", server.getEncoded());
                pem(pki.serverKey(), "PRIVATE KEY", serverKeys.getPrivate().getEncoded());
                pem(pki.adminCert(), "CERTIFICATE", admin.getEncoded());
                pem(pki.adminKey(), "PRIVATE KEY", adminKeys.getPrivate().getEncoded());
                pem(
                        pki.serviceAccountKey(),
                        "PRIVATE KEY",
                        serviceAccountKeys.getPrivate().getEncoded());
                pem(
                        pki.serviceAccountPublicKey(),
                        "PUBLIC KEY",
                        serviceAccountKeys.getPublic().getEncoded());
                return pki;
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the test PKI in " + dir, e);
            }
        }

        private static X509Certificate sign(
                X500Name issuer,
                KeyPair issuerKeys,
                X500Name subject,
                KeyPair subjectKeys,
                boolean ca,
                KeyPurposeId purpose,
                GeneralNames names)
                throws Exception {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(2))),
                    subject,
                    subjectKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(
                    Extension.keyUsage,
                    true,
                    ca
                            ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature)
                            : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            if (purpose != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            if (names != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, names);
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
        }

        private static void pem(Path file, String type, byte[] der) throws IOException {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(der);
            Files.writeString(
                    file,
                    "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n",
                    StandardCharsets.US_ASCII);
        }
    }

    @Override
    public String toString() {
        return "kube-apiserver " + version + " at " + url + " (" + binDir + ")";
    }
}
