package dev.krafter.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events (core/v1) on Krafter resources, so {@code kubectl describe} shows what the operator did.
 * An Event is best effort: failing to record one never fails a reconcile.
 *
 * <p>The same Event recorded again is one Event whose count grows, as kubelet's Events do ({@code kubectl get events}
 * shows "x5 over 20m"): its name is derived from the resource, the type, the reason and the message apart from its
 * numbers ({@link #eventName}), so a repeat finds it and adds one to its count, sets lastTimestamp and takes the latest
 * message. A repeat within {@code repeatInterval} of the last recording by this process is not sent at all, so a
 * condition that holds over many reconciles costs one API write per interval.
 */
public class EventRecorder {
    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";
    public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final String COMPONENT = "krafter-operator";
    private static final int MAX_NAME = 253;
    private static final int REMEMBERED = 10_000;

    private final KubernetesClient client;
    private final Clock clock;
    private final Duration repeatInterval;
    /** When this process last sent each Event (by name). */
    private final Map<String, Instant> lastSent = new ConcurrentHashMap<>();

    public EventRecorder(KubernetesClient client, Clock clock) {
        this(client, clock, DEFAULT_REPEAT_INTERVAL);
    }

    public EventRecorder(KubernetesClient client, Clock clock, Duration repeatInterval) {
        this.client = client;
        this.clock = clock;
        this.repeatInterval = repeatInterval;
    }

    public void normal(HasMetadata resource, String reason, String message) {
        record(resource, NORMAL, reason, message);
    }

    public void warning(HasMetadata resource, String reason, String message) {
        record(resource, WARNING, reason, message);
    }

    public void record(HasMetadata resource, String type, String reason, String message) {
        String namespace = resource.getMetadata().getNamespace();
        String name = eventName(resource, type, reason, message);
        Instant now = clock.instant();
        Instant last = lastSent.get(name);
        if (last != null && now.isBefore(last.plus(repeatInterval))) {
            return;
        }
        forgetOld(now);
        lastSent.put(name, now);
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        try {
            try {
                create(resource, namespace, name, type, reason, message, time);
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                if (repeat(namespace, name, message, time) == null) {
                    // Expired (the API server deletes Events after --event-ttl) between the two calls.
                    create(resource, namespace, name, type, reason, message, time);
                }
            }
        } catch (KubernetesClientException e) {
            lastSent.remove(name);
            LOG.warn(
                    "{}/{}: could not record event {}: {}",
                    namespace,
                    resource.getMetadata().getName(),
                    reason,
                    e.getMessage());
        }
    }

    /**
     * The Event's name: the resource's name and a hash of its uid, the type, the reason and the message with every
     * number replaced, so "50 messages were deleted" and "60 messages were deleted" are one Event while a different
     * refusal is another.
     */
    public static String eventName(HasMetadata resource, String type, String reason, String message) {
        String key = String.join(
                "\n",
                String.valueOf(resource.getMetadata().getUid()),
                type,
                reason,
                message == null ? "" : message.replaceAll("[0-9]+", "#"));
        String hash = HexFormat.of().formatHex(sha256(key), 0, 8);
        String prefix = resource.getMetadata().getName();
        prefix = prefix.length() > MAX_NAME - hash.length() - 1
                ? prefix.substring(0, MAX_NAME - hash.length() - 1)
                : prefix;
        return prefix + "." + hash;
    }

    private void create(
            HasMetadata resource,
            String namespace,
            String name,
            String type,
            String reason,
            String message,
            String time) {
        client.v1()
                .events()
                .inNamespace(namespace)
                .resource(new EventBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .endMetadata()
                        .withInvolvedObject(new ObjectReferenceBuilder()
                                .withApiVersion(resource.getApiVersion())
                                .withKind(resource.getKind())
                                .withName(resource.getMetadata().getName())
                                .withNamespace(namespace)
                                .withUid(resource.getMetadata().getUid())
                                .withResourceVersion(resource.getMetadata().getResourceVersion())
                                .build())
                        .withType(type)
                        .withReason(reason)
                        .withMessage(truncate(message))
                        .withFirstTimestamp(time)
                        .withLastTimestamp(time)
                        .withCount(1)
                        .withNewSource()
                        .withComponent(COMPONENT)
                        .endSource()
                        .withReportingComponent(COMPONENT)
                        .build())
                .create();
    }

    /** Adds one to the stored Event's count; null when there is none (any more). */
    private Event repeat(String namespace, String name, String message, String time) {
        Event stored =
                client.v1().events().inNamespace(namespace).withName(name).get();
        if (stored == null) {
            return null;
        }
        return client.resource(new EventBuilder(stored)
                        .withCount(stored.getCount() == null ? 2 : stored.getCount() + 1)
                        .withLastTimestamp(time)
                        .withMessage(truncate(message))
                        .build())
                .update();
    }

    private void forgetOld(Instant now) {
        if (lastSent.size() >= REMEMBERED) {
            lastSent.values().removeIf(sent -> !now.isBefore(sent.plus(repeatInterval)));
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String message) {
        return message == null || message.length() <= 1024 ? message : message.substring(0, 1021) + "...";
    }
}
