/**
 * Partition reassignment: moving replicas so a cluster is balanced over the brokers it should use.
 *
 * <ul>
 *   <li>{@link dev.krafter.reassign.ReassignmentPlanner}: pure planner (balanced, rack-aware, fewest copies) and the
 *       lower bound of copies; data types {@link dev.krafter.reassign.Assignment},
 *       {@link dev.krafter.reassign.BrokerInfo}, {@link dev.krafter.reassign.PlanInput},
 *       {@link dev.krafter.reassign.ReassignmentPlan}, {@link dev.krafter.reassign.PartitionMove}.</li>
 *   <li>{@link dev.krafter.reassign.ReassignmentExecutor}: stateless step function applying a plan in bounded,
 *       throttled batches, over the {@link dev.krafter.reassign.ReassignmentAdmin} seam
 *       ({@link dev.krafter.reassign.KafkaReassignmentAdmin} in production).</li>
 *   <li>{@link dev.krafter.reassign.Rebalancer}: what reconcilers call; its javadoc is the contract.</li>
 * </ul>
 */
package dev.krafter.reassign;
