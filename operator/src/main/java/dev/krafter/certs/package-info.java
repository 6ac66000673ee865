/**
 * Certificates the operator manages for a KafkaCluster, as pure functions: generating a CA, issuing a certificate
 * for a set of names ({@link CertificateAuthority}), reading and writing PEM ({@link Pem}), and deciding what to
 * create or renew at a given instant ({@link RenewalPlanner}). No Kubernetes or Kafka calls: the cluster reconcile's
 * certificates step ({@code dev.krafter.cluster.CertificatesStep}) feeds these from Secrets and writes the result back.
 *
 * <p>Keys are EC P-256 (secp256r1) with SHA256withECDSA signatures: supported by every JDK Kafka runs on and by
 * Kafka's PEM key stores (KIP-651 reads PKCS#8 RSA, DSA and EC keys), by OpenSSL and therefore librdkafka (kcat,
 * confluent-kafka-go/python/.NET), and by Go's crypto/tls; a key pair is generated in about a millisecond (RSA 3072
 * takes hundreds), which matters for a cluster of many nodes renewed at once, and the TLS handshake is cheaper for the
 * brokers. RSA would only be needed for clients limited to RSA cipher suites, which no supported Kafka client is.
 */
package dev.krafter.certs;
