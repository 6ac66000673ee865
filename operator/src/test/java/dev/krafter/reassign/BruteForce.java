package dev.krafter.reassign;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** Exhaustive search of the fewest copies reaching replica balance, for tiny inputs (no racks, same RFs). */
final class BruteForce {
    private BruteForce() {}

    static int fewestMovesToBalance(PlanInput input) {
        List<Integer> allowed = ReassignmentPlannerTest.allowed(input);
        List<TopicPartition> partitions = new ArrayList<>(input.current().partitions());
        List<List<List<Integer>>> choices = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            choices.add(subsets(allowed, input.current().replicasOf(tp).size()));
        }
        int[] best = {Integer.MAX_VALUE};
        search(input, allowed, partitions, choices, 0, new HashMap<>(), 0, best);
        return best[0];
    }

    private static void search(
            PlanInput input,
            List<Integer> allowed,
            List<TopicPartition> partitions,
            List<List<List<Integer>>> choices,
            int index,
            Map<Integer, Integer> counts,
            int moves,
            int[] best) {
        if (moves >= best[0]) {
            return;
        }
        if (index == partitions.size()) {
            int max = allowed.stream()
                    .mapToInt(b -> counts.getOrDefault(b, 0))
                    .max()
                    .orElse(0);
            int min = allowed.stream()
                    .mapToInt(b -> counts.getOrDefault(b, 0))
                    .min()
                    .orElse(0);
            if (max - min <= 1) {
                best[0] = moves;
            }
            return;
        }
        List<Integer> current = input.current().replicasOf(partitions.get(index));
        for (List<Integer> subset : choices.get(index)) {
            int added = (int) subset.stream().filter(b -> !current.contains(b)).count();
            subset.forEach(b -> counts.merge(b, 1, Integer::sum));
            search(input, allowed, partitions, choices, index + 1, counts, moves + added, best);
            subset.forEach(b -> counts.merge(b, -1, Integer::sum));
        }
    }

    private static List<List<Integer>> subsets(List<Integer> items, int size) {
        List<List<Integer>> result = new ArrayList<>();
        collect(items, size, 0, new ArrayList<>(), result);
        return result;
    }

    private static void collect(
            List<Integer> items, int size, int from, List<Integer> chosen, List<List<Integer>> result) {
        if (chosen.size() == size) {
            result.add(List.copyOf(chosen));
            return;
        }
        for (int i = from; i < items.size(); i++) {
            chosen.add(items.get(i));
            collect(items, size, i + 1, chosen, result);
            chosen.remove(chosen.size() - 1);
        }
    }
}
