/**
 * The Krafter API, group {@code krafter.dev}, version {@code v1alpha1}: {@link dev.krafter.api.v1alpha1.KafkaCluster},
 * {@link dev.krafter.api.v1alpha1.Topic}, {@link dev.krafter.api.v1alpha1.ConsumerGroup} and
 * {@link dev.krafter.api.v1alpha1.KafkaUser}.
 *
 * <p>The CRD YAML is generated from these classes by fabric8's crd-generator; field descriptions become
 * {@code kubectl explain} text, so they are written for users.
 */
package dev.krafter.api.v1alpha1;
