package dev.krafter.reassign;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Minimum-cost maximum flow by successive shortest paths.
 * Deterministic: with the same graph built in the same order it returns the same flow. Package-private helper of
 * the planner.
 */
final class MinCostFlow {
    static final int UNLIMITED = Integer.MAX_VALUE / 4;

    private int nodeCount;
    private int[] head;
    private int[] next = new int[64];
    private int[] to = new int[64];
    private int[] capacity = new int[64];
    private long[] cost = new long[64];
    private int arcCount;

    MinCostFlow(int nodeCount) {
        this.nodeCount = nodeCount;
        this.head = new int[nodeCount];
        Arrays.fill(head, -1);
    }

    int addNode() {
        head = Arrays.copyOf(head, nodeCount + 1);
        head[nodeCount] = -1;
        return nodeCount++;
    }

    /** Adds an arc and returns its id (to read its flow afterwards). */
    int addArc(int from, int target, int cap, long arcCost) {
        if (arcCost < 0) {
            throw new IllegalArgumentException("negative arc cost " + arcCost);
        }
        if (cap <= 0) {
            return -1;
        }
        ensureRoom();
        int id = arcCount;
        link(from, target, cap, arcCost);
        link(target, from, 0, -arcCost);
        return id;
    }

    int flowOn(int arc) {
        return arc < 0 ? 0 : capacity[arc ^ 1];
    }

    /**
     * Sends as much flow as possible from source to sink at minimum cost; returns the amount sent. Costs must be
     * non-negative (as the planner's are), which lets each shortest path be found with Dijkstra's algorithm on costs
     * reduced by node potentials.
     */
    int run(int source, int sink) {
        long[] potential = new long[nodeCount];
        long[] distance = new long[nodeCount];
        int[] viaArc = new int[nodeCount];
        int total = 0;
        while (true) {
            Arrays.fill(distance, Long.MAX_VALUE);
            Arrays.fill(viaArc, -1);
            distance[source] = 0;
            PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> a[0] != b[0]
                    ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            queue.add(new long[] {0, source});
            while (!queue.isEmpty()) {
                long[] top = queue.poll();
                int node = (int) top[1];
                if (top[0] > distance[node]) {
                    continue;
                }
                for (int arc = head[node]; arc >= 0; arc = next[arc]) {
                    if (capacity[arc] <= 0) {
                        continue;
                    }
                    int target = to[arc];
                    long reduced = distance[node] + cost[arc] + potential[node] - potential[target];
                    if (reduced < distance[target]) {
                        distance[target] = reduced;
                        viaArc[target] = arc;
                        queue.add(new long[] {reduced, target});
                    }
                }
            }
            if (distance[sink] == Long.MAX_VALUE) {
                return total;
            }
            // Capping at the sink's distance keeps every residual arc's reduced cost non-negative, reached or not.
            for (int node = 0; node < nodeCount; node++) {
                potential[node] += Math.min(distance[node], distance[sink]);
            }
            int push = Integer.MAX_VALUE;
            for (int node = sink; node != source; node = to[viaArc[node] ^ 1]) {
                push = Math.min(push, capacity[viaArc[node]]);
            }
            for (int node = sink; node != source; node = to[viaArc[node] ^ 1]) {
                capacity[viaArc[node]] -= push;
                capacity[viaArc[node] ^ 1] += push;
            }
            total += push;
        }
    }

    private void link(int from, int target, int cap, long arcCost) {
        to[arcCount] = target;
        capacity[arcCount] = cap;
        cost[arcCount] = arcCost;
        next[arcCount] = head[from];
        head[from] = arcCount;
        arcCount++;
    }

    private void ensureRoom() {
        if (arcCount + 2 > to.length) {
            int size = to.length * 2;
            next = Arrays.copyOf(next, size);
            to = Arrays.copyOf(to, size);
            capacity = Arrays.copyOf(capacity, size);
            cost = Arrays.copyOf(cost, size);
        }
    }
}
