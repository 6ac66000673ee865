/**
 * Rolling restarts, roll safety and live broker config: pure planning on snapshots of Kafka and of the pods,
 * plus the few admin calls that read the snapshot and apply config.
 *
 * <h2>Roll order and safety, as implemented</h2>
 * <ol>
 *   <li>{@link dev.krafter.roll.RollPlanner#next} restarts nothing while the cluster is unsettled beyond what
 *       {@code spec.rollout.maxConcurrent} allows: a node is away while its pod is not ready, its broker is not
 *       registered, fenced or has a replica out of its ISR, or its voter is not caught up with the leader (KRaft's own
 *       measure: last caught-up time within 2 s of the leader's); away nodes take slots, and nothing restarts while
 *       the quorum has no leader. With 1 (the default) this is the serial roll: one pod at a time, the next only once
 *       the cluster settled. The one exception: an outdated pod that is not ready and serves nothing (its broker
 *       is not registered-and-unfenced) is restarted first, alone, when every not-ready pod is outdated, still subject
 *       to the quorum check.</li>
 *   <li>Order: dedicated controllers that do not lead the quorum, then the dedicated controller that leads it,
 *       then brokers and combined nodes, the combined node leading the quorum last of all; node id ascending
 *       within a step. A blocked node lets the next one of its step go first, never one of a later step, and a step
 *       starts only once no node of another step is away.</li>
 *   <li>Several nodes restart together only as a set that is safe as a whole, with the nodes already away: every
 *       partition any of them hosts keeps its required ISR among the others ({@link
 *       dev.krafter.roll.RollSafety#safeTogether}), and the voters among them leave a healthy majority. The largest
 *       such set is sought greedily, once per rack with that rack's brokers first, preferring the fewest racks.</li>
 *   <li>A node with the broker role is refused while any partition it hosts would keep fewer in-sync replicas
 *       than acks=all producers need ({@code min(min.insync.replicas, replicas)}, as Kafka counts since 3.7) once
 *       it is gone; partitions whose only in-sync replica it is are named as going offline. A partition already
 *       under its min ISR blocks every broker hosting it.</li>
 *   <li>A node with the controller role is refused unless the other voters that are ready and caught up still
 *       form a majority (for quorums of one or two voters, which cannot survive any restart: unless every other
 *       voter is healthy).</li>
 *   <li>Nothing is remembered between calls: the roll resumes after an operator restart from what the pods and
 *       Kafka show. {@link dev.krafter.roll.RollTimeouts} derives the per-pod timeout and backoff from the
 *       restarted pod's creation time.</li>
 * </ol>
 *
 * <h2>Live config</h2>
 * {@link dev.krafter.roll.BrokerConfigs#plan} asks Kafka (describeConfigs of a broker, with synonyms) which keys
 * are read-only; those feed the pod-template hash and change with a roll. Dynamic keys are set, or deleted, as
 * cluster-wide dynamic defaults with incrementalAlterConfigs, validated first. Every key also goes into
 * server.properties so that a (re)started broker starts with it.
 */
package dev.krafter.roll;
