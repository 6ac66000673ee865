package dev.krafter.reassign;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Minimum-cost maximum flow by successive shortest paths (queue-based Bellman-Ford, so costs may be any long).
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

    /** Sends as much flow as possible from source to sink at minimum cost; returns the amount sent. */
    int run(int source, int sink) {
        long[] distance = new long[nodeCount];
        int[] viaArc = new int[nodeCount];
        boolean[] queued = new boolean[nodeCount];
        int total = 0;
        while (true) {
            Arrays.fill(distance, Long.MAX_VALUE);
            Arrays.fill(viaArc, -1);
            distance[source] = 0;
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            queue.add(source);
            queued[source] = true;
            while (!queue.isEmpty()) {
                int node = queue.poll();
                queued[node] = false;
                for (int arc = head[node]; arc >= 0; arc = next[arc]) {
                    if (capacity[arc] > 0 && distance[node] + cost[arc] < distance[to[arc]]) {
                        distance[to[arc]] = distance[node] + cost[arc];
                        viaArc[to[arc]] = arc;
                        if (!queued[to[arc]]) {
                            queued[to[arc]] = true;
                            queue.add(to[arc]);
                        }
                    }
                }
            }
            if (distance[sink] == Long.MAX_VALUE) {
                return total;
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
