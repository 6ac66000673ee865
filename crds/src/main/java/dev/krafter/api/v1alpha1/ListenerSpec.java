package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ListenerSpec {
    public enum Type {
        /** Reachable inside the Kubernetes cluster through the bootstrap and headless Services. */
        @JsonProperty("internal")
        INTERNAL,
        /** A NodePort Service per broker plus a bootstrap NodePort Service. */
        @JsonProperty("nodeport")
        NODEPORT,
        /** A LoadBalancer Service per broker plus a bootstrap LoadBalancer Service. */
        @JsonProperty("loadbalancer")
        LOADBALANCER
    }

    public enum Authentication {
        @JsonProperty("none")
        NONE,
        @JsonProperty("tls")
        TLS,
        @JsonProperty("scram-sha-512")
        SCRAM_SHA_512
    }

    @Required
    @Pattern("^[a-z][a-z0-9]{0,10}$")
    @JsonPropertyDescription(
            "Listener name: lower-case letters and digits, at most 11 characters. Unique within the cluster.")
    private String name;

    @Required
    @Min(1024)
    @Max(65535)
    @JsonPropertyDescription(
            "Container port of the listener. Unique within the cluster; 9090 (controller), 9404 (metrics) and 9500 (probes) are taken.")
    private int port;

    @Default("internal")
    @JsonPropertyDescription("internal, nodeport or loadbalancer.")
    private Type type = Type.INTERNAL;

    @Default("false")
    @JsonPropertyDescription(
            "Encrypt the listener with TLS (security protocol SSL). Each broker presents a certificate signed by the cluster CA (Secret <cluster>-cluster-ca-cert holds the CA to trust) naming its pod DNS names, the bootstrap Services and the external addresses; or the certificate of the certificate field. Changing it on an existing listener rolls the brokers, and clients of the listener must switch at the same time: prefer adding a new TLS listener on another port.")
    private boolean tls;

    @JsonPropertyDescription(
            "With tls: true, the listener presents this certificate (a Secret with tls.crt and tls.key, e.g. from cert-manager) on every broker instead of the one the operator issues; it must name every address clients use. Reloaded by Kafka without a restart when the Secret changes.")
    private SecretRef certificate;

    @Default("none")
    @JsonPropertyDescription(
            "Client authentication: none; tls (mutual TLS: clients present a certificate signed by the clients CA, Secret <cluster>-clients-ca-cert; needs tls: true; a subject CN=<name> is the principal User:<name>); or scram-sha-512 (SASL SCRAM-SHA-512 user name and password; over TLS when tls: true, else in plaintext: avoid that outside the Kubernetes cluster). Changing it rolls the brokers.")
    private Authentication authentication = Authentication.NONE;

    @JsonPropertyDescription(
            "Who may reach this listener while the cluster's NetworkPolicy is on (spec.networkPolicies): NetworkPolicy peers (podSelector, namespaceSelector, ipBlock), as in a NetworkPolicy's ingress from. Empty: any source. Clients of a nodeport or loadbalancer listener often arrive with a node's address (Services without externalTrafficPolicy: Local), which an ipBlock must then allow. Changing it rolls nothing.")
    private List<NetworkPolicyPeer> networkPolicyPeers = new ArrayList<>();

    public ListenerSpec() {}

    public ListenerSpec(String name, int port, Type type) {
        this.name = name;
        this.port = port;
        this.type = type;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public Type getType() {
        return type;
    }

    public void setType(Type type) {
        this.type = type;
    }

    public boolean isTls() {
        return tls;
    }

    public void setTls(boolean tls) {
        this.tls = tls;
    }

    public SecretRef getCertificate() {
        return certificate;
    }

    public void setCertificate(SecretRef certificate) {
        this.certificate = certificate;
    }

    public Authentication getAuthentication() {
        return authentication;
    }

    public void setAuthentication(Authentication authentication) {
        this.authentication = authentication;
    }

    public List<NetworkPolicyPeer> getNetworkPolicyPeers() {
        return networkPolicyPeers;
    }

    public void setNetworkPolicyPeers(List<NetworkPolicyPeer> networkPolicyPeers) {
        this.networkPolicyPeers = networkPolicyPeers;
    }
}
