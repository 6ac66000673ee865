package dev.krafter.e2e.simulated;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet computes it: envFrom, then env (literal values with {@code $(VAR)}
 * expansion, fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef). Pure: ConfigMaps and Secrets come in through
 * lookups.
 */
final class PodEnvironment {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)|\\$\\$");
    private static final Pattern LABEL_FIELD = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

    private PodEnvironment() {
    }

    /** Thrown when the environment references something that does not exist (the kubelet's CreateContainerConfigError). */
    static final class ConfigError extends RuntimeException {
        ConfigError(String message) {
            super(message);
        }
    }

    /** {@code hostIp}: the IP of the node the pod runs on ({@code status.hostIP}). */
    static Map<String, String> resolve(Pod pod, Container container, String podIp, String hostIp,
            BiFunction<String, String, ConfigMap> configMaps, BiFunction<String, String, Secret> secrets) {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : container.getEnvFrom() == null ? List.<EnvFromSource>of() : container.getEnvFrom()) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            if (from.getConfigMapRef() != null) {
                ConfigMap map = configMaps.apply(namespace, from.getConfigMapRef().getName());
                if (map == null) {
                    if (!Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                        throw new ConfigError("configmap \"" + from.getConfigMapRef().getName() + "\" not found");
                    }
                } else if (map.getData() != null) {
                    map.getData().forEach((k, v) -> env.put(prefix + k, v));
                }
            }
            if (from.getSecretRef() != null) {
                Secret secret = secrets.apply(namespace, from.getSecretRef().getName());
                if (secret == null) {
                    if (!Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                        throw new ConfigError("secret \"" + from.getSecretRef().getName() + "\" not found");
                    }
                } else {
                    secretData(secret).forEach((k, v) -> env.put(prefix + k, v));
                }
            }
        }
        for (EnvVar var : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            String value;
            if (var.getValueFrom() == null) {
                value = expand(var.getValue() == null ? "" : var.getValue(), env);
            } else {
                value = fromSource(pod, container, podIp, hostIp, var.getName(), var.getValueFrom(), configMaps, secrets);
                if (value == null) {
                    continue;
                }
            }
            env.put(var.getName(), value);
        }
        return env;
    }

    /** Expands {@code $(VAR)} references as Kubernetes does in env values, command and args ({@code $$} escapes). */
    static String expand(String text, Map<String, String> env) {
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group(1) == null) {
                replacement = "$";
            } else {
                replacement = env.getOrDefault(matcher.group(1), matcher.group(0));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    static List<String> expandAll(List<String> texts, Map<String, String> env) {
        List<String> out = new ArrayList<>();
        if (texts != null) {
            texts.forEach(t -> out.add(expand(t, env)));
        }
        return out;
    }

    static Map<String, String> secretData(Secret secret) {
        Map<String, String> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            data.putAll(secret.getStringData());
        }
        return data;
    }

    private static String fromSource(Pod pod, Container container, String podIp, String hostIp, String name, EnvVarSource source,
            BiFunction<String, String, ConfigMap> configMaps, BiFunction<String, String, Secret> secrets) {
        String namespace = pod.getMetadata().getNamespace();
        if (source.getFieldRef() != null) {
            String path = source.getFieldRef().getFieldPath();
            Matcher labelField = LABEL_FIELD.matcher(path);
            if (labelField.matches()) {
                Map<String, String> values = "labels".equals(labelField.group(1)) ? pod.getMetadata().getLabels()
                        : pod.getMetadata().getAnnotations();
                return values == null ? "" : values.getOrDefault(labelField.group(2), "");
            }
            return switch (path) {
                case "metadata.name" -> pod.getMetadata().getName();
                case "metadata.namespace" -> namespace;
                case "metadata.uid" -> pod.getMetadata().getUid();
                case "spec.nodeName" -> pod.getSpec().getNodeName();
                case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
                case "status.podIP" -> podIp == null ? "" : podIp;
                case "status.hostIP" -> hostIp == null ? "" : hostIp;
                default -> throw new ConfigError("env " + name + ": fieldRef " + path + " is not supported by the simulated kubelet");
            };
        }
        if (source.getResourceFieldRef() != null) {
            String resource = source.getResourceFieldRef().getResource();
            String[] parts = resource.split("\\.", 2);
            Map<String, Quantity> values = container.getResources() == null ? null
                    : "limits".equals(parts[0]) ? container.getResources().getLimits() : container.getResources().getRequests();
            Quantity quantity = values == null ? null : values.get(parts[1]);
            if (quantity == null) {
                return "0";
            }
            BigDecimal divisor = source.getResourceFieldRef().getDivisor() == null ? BigDecimal.ONE
                    : source.getResourceFieldRef().getDivisor().getNumericalAmount();
            return quantity.getNumericalAmount().divide(divisor, 0, RoundingMode.CEILING).toPlainString();
        }
        if (source.getConfigMapKeyRef() != null) {
            var ref = source.getConfigMapKeyRef();
            ConfigMap map = configMaps.apply(namespace, ref.getName());
            String value = map == null || map.getData() == null ? null : map.getData().get(ref.getKey());
            if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new ConfigError("couldn't find key " + ref.getKey() + " in ConfigMap " + namespace + "/" + ref.getName());
            }
            return value;
        }
        if (source.getSecretKeyRef() != null) {
            var ref = source.getSecretKeyRef();
            Secret secret = secrets.apply(namespace, ref.getName());
            String value = secret == null ? null : secretData(secret).get(ref.getKey());
            if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new ConfigError("couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
            }
            return value;
        }
        return null;
    }
}
