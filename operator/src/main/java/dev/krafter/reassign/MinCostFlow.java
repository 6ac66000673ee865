package dev.krafter.reassign;

import java.util.ArrayDeque;
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
    private long[] potential;

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
     * Sends as much flow as possible from source to sink at minimum cost; returns the amount sent.
     *
     * <p>Primal-dual: Dijkstra on costs reduced by node potentials finds the shortest distance to the sink (costs are
     * non-negative, so potentials start at zero); then every path of that length is saturated at once with a blocking
     * flow over the arcs of zero reduced cost. The planner's costs take few distinct values, so few rounds are needed
     * even when thousands of replicas are placed.
     */
    int run(int source, int sink) {
        potential = new long[nodeCount];
        long[] distance = new long[nodeCount];
        int total = 0;
        while (true) {
            shortestDistances(source, distance);
            if (distance[sink] == Long.MAX_VALUE) {
                return total;
            }
            // Capping at the sink's distance keeps every residual arc's reduced cost non-negative, reached or not.
            for (int node = 0; node < nodeCount; node++) {
                potential[node] += Math.min(distance[node], distance[sink]);
            }
            total += blockingFlows(source, sink);
        }
    }

    private void shortestDistances(int source, long[] distance) {
        Arrays.fill(distance, Long.MAX_VALUE);
        distance[source] = 0;
        PriorityQueue<long[]> queue =
                new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        queue.add(new long[] {0, source});
        while (!queue.isEmpty()) {
            long[] top = queue.poll();
            int node = (int) top[1];
            if (top[0] > distance[node]) {
                continue;
            }
            for (int arc = head[node]; arc >= 0; arc = next[arc]) {
                if (capacity[arc] > 0) {
                    long reached = distance[node] + reducedCost(arc, node);
                    if (reached < distance[to[arc]]) {
                        distance[to[arc]] = reached;
                        queue.add(new long[] {reached, to[arc]});
                    }
                }
            }
        }
    }

    private long reducedCost(int arc, int from) {
        return cost[arc] + potential[from] - potential[to[arc]];
    }

    /** Dinic's algorithm restricted to arcs of zero reduced cost: all shortest augmenting paths at once. */
    private int blockingFlows(int source, int sink) {
        int[] level = new int[nodeCount];
        int[] nextArc = new int[nodeCount];
        int sent = 0;
        while (levels(source, sink, level)) {
            System.arraycopy(head, 0, nextArc, 0, nodeCount);
            int pushed;
            while ((pushed = push(source, sink, Integer.MAX_VALUE, level, nextArc)) > 0) {
                sent += pushed;
            }
        }
        return sent;
    }

    private boolean levels(int source, int sink, int[] level) {
        Arrays.fill(level, -1);
        level[source] = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(source);
        while (!queue.isEmpty()) {
            int node = queue.poll();
            for (int arc = head[node]; arc >= 0; arc = next[arc]) {
                if (capacity[arc] > 0 && level[to[arc]] < 0 && reducedCost(arc, node) == 0) {
                    level[to[arc]] = level[node] + 1;
                    queue.add(to[arc]);
                }
            }
        }
        return level[sink] >= 0;
    }

    private int push(int node, int sink, int limit, int[] level, int[] nextArc) {
        if (node == sink) {
            return limit;
        }
        for (; nextArc[node] >= 0; nextArc[node] = next[nextArc[node]]) {
            int arc = nextArc[node];
            int target = to[arc];
            if (capacity[arc] > 0 && level[target] == level[node] + 1 && reducedCost(arc, node) == 0) {
                int pushed = push(target, sink, Math.min(limit, capacity[arc]), level, nextArc);
                if (pushed > 0) {
                    capacity[arc] -= pushed;
                    capacity[arc ^ 1] += pushed;
                    return pushed;
                }
            }
        }
        return 0;
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
