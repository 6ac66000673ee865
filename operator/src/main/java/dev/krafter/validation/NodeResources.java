package dev.krafter.validation;

import dev.krafter.api.v1alpha1.JvmOptions;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The container resources and heap of a node pool: requests at most the limits (Kubernetes refuses other pods, so the
 * StatefulSet would only report FailedCreate), and a heap that fits in the memory limit with room for what the JVM
 * needs besides the heap (metaspace, thread stacks, direct buffers for the network and the page cache's mapped
 * indexes, the probe and metrics agents): at least {@value #MIN_NON_HEAP_MIB} MiB and a quarter of the limit.
 */
public final class NodeResources {
    static final long MIN_NON_HEAP_MIB = 512;
    private static final long MIB = 1024 * 1024;

    private NodeResources() {}

    /** @param field the pool's field, for example {@code spec.brokers} */
    public static List<String> problems(String field, ResourceRequirements resources, JvmOptions jvm) {
        List<String> problems = new ArrayList<>();
        Map<String, Quantity> requests =
                resources == null || resources.getRequests() == null ? Map.of() : resources.getRequests();
        Map<String, Quantity> limits =
                resources == null || resources.getLimits() == null ? Map.of() : resources.getLimits();
        new TreeMap<>(requests).forEach((name, request) -> {
            Quantity limit = limits.get(name);
            if (limit != null && amount(request).compareTo(amount(limit)) > 0) {
                problems.add(field + ".resources.requests." + name + " (" + request + ") exceeds " + field
                        + ".resources.limits." + name + " (" + limit + "): Kubernetes refuses such pods; lower the"
                        + " request or raise the limit");
            }
        });
        Optional<Long> heap = Optional.ofNullable(jvm).map(JvmOptions::getHeap).flatMap(NodeResources::heapBytes);
        Quantity memory = limits.get("memory");
        if (heap.isPresent() && memory != null) {
            long limit = amount(memory).longValue();
            long maxHeap = maxHeapBytes(limit);
            if (heap.get() > maxHeap) {
                problems.add(field + ".jvmOptions.heap (" + jvm.getHeap() + ") does not fit in " + field
                        + ".resources.limits.memory (" + memory + ") with room for the JVM besides the heap (at least "
                        + MIN_NON_HEAP_MIB + " MiB and a quarter of the limit): the container would be OOMKilled; set"
                        + " the heap to at most " + Math.max(0, maxHeap / MIB)
                        + "m, raise the memory limit to at least "
                        + ceilMib(minLimitBytes(heap.get())) + "Mi, or remove the heap to size it from the limit");
            }
        }
        return problems;
    }

    /** The largest heap for a memory limit: the limit less max(512 MiB, limit / 4). */
    static long maxHeapBytes(long limitBytes) {
        return limitBytes - Math.max(MIN_NON_HEAP_MIB * MIB, limitBytes / 4);
    }

    /** The smallest memory limit a heap fits in. */
    static long minLimitBytes(long heapBytes) {
        return Math.max(heapBytes + MIN_NON_HEAP_MIB * MIB, (heapBytes * 4 + 2) / 3);
    }

    /** A heap in the JVM's -Xmx syntax: digits with an optional k, m or g (powers of 1024). */
    static Optional<Long> heapBytes(String heap) {
        if (heap == null || !heap.matches("[0-9]+[kKmMgG]?")) {
            return Optional.empty();
        }
        char unit = Character.toLowerCase(heap.charAt(heap.length() - 1));
        String digits = Character.isDigit(unit) ? heap : heap.substring(0, heap.length() - 1);
        long factor = switch (unit) {
            case 'k' -> 1024L;
            case 'm' -> MIB;
            case 'g' -> 1024L * MIB;
            default -> 1L;
        };
        try {
            return Optional.of(Math.multiplyExact(Long.parseLong(digits), factor));
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.of(Long.MAX_VALUE);
        }
    }

    private static BigDecimal amount(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity);
    }

    private static long ceilMib(long bytes) {
        return (bytes + MIB - 1) / MIB;
    }
}
