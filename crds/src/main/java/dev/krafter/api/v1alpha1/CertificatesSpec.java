package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * The certificates the operator issues for a cluster that uses TLS: a cluster CA signing the node certificates, a
 * clients CA for client certificates, their validity and when they are renewed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CertificatesSpec {
    public static final int DEFAULT_VALIDITY_DAYS = 365;
    public static final int DEFAULT_RENEWAL_DAYS = 30;
    public static final int DEFAULT_CA_VALIDITY_DAYS = 1825;

    @Min(2)
    @Max(3650)
    @Default("365")
    @JsonPropertyDescription("Days a node certificate is valid (capped at the expiry of the CA that signs it).")
    private int validityDays = DEFAULT_VALIDITY_DAYS;

    @Min(1)
    @Max(3649)
    @Default("30")
    @JsonPropertyDescription(
            "Days before expiry at which a certificate is renewed; must be below validityDays. A renewed node certificate is reloaded by brokers without a restart; with internal TLS every node also restarts once, one at a time, since Kafka loads the controller listener's certificate only at start. For a CA, the new CA is trusted next to the old one from that moment, node certificates move to it half-way through this window, and the old CA is dropped when it expires.")
    private int renewalDays = DEFAULT_RENEWAL_DAYS;

    @Min(2)
    @Max(36500)
    @Default("1825")
    @JsonPropertyDescription("Days an operator-generated CA (cluster or clients) is valid; must exceed renewalDays.")
    private int caValidityDays = DEFAULT_CA_VALIDITY_DAYS;

    @JsonPropertyDescription(
            "Use this CA (a Secret with tls.crt and tls.key) to sign node certificates instead of one the operator generates. The operator never renews it: renew it in the Secret and node certificates are re-issued.")
    private SecretRef clusterCa;

    @JsonPropertyDescription(
            "Use this CA (a Secret with tls.crt and tls.key) for client certificates instead of one the operator generates.")
    private SecretRef clientsCa;

    public int getValidityDays() {
        return validityDays;
    }

    public void setValidityDays(int validityDays) {
        this.validityDays = validityDays;
    }

    public int getRenewalDays() {
        return renewalDays;
    }

    public void setRenewalDays(int renewalDays) {
        this.renewalDays = renewalDays;
    }

    public int getCaValidityDays() {
        return caValidityDays;
    }

    public void setCaValidityDays(int caValidityDays) {
        this.caValidityDays = caValidityDays;
    }

    public SecretRef getClusterCa() {
        return clusterCa;
    }

    public void setClusterCa(SecretRef clusterCa) {
        this.clusterCa = clusterCa;
    }

    public SecretRef getClientsCa() {
        return clientsCa;
    }

    public void setClientsCa(SecretRef clientsCa) {
        this.clientsCa = clientsCa;
    }
}
