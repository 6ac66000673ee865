package dev.krafter.roll;

/**
 * One Kafka node as its pod shows it. Built by the cluster reconciler from the pods (no memory of earlier
 * reconciliations is needed: whether a pod is outdated comes from its template hash / revision).
 * Pass one NodeState for every node the spec wants, including a node whose pod does not exist at the moment
 * (deleted, not yet recreated by the StatefulSet): podReady=false, outdated=false. Otherwise the planner
 * cannot see that a restarted node is still away.
 *
 * @param podName the pod's name
 * @param nodeId the KRaft node id (from the pod ordinal)
 * @param controller whether the node has the controller role
 * @param broker whether the node has the broker role
 * @param podReady the pod's Ready condition is True (and it is not being deleted)
 * @param outdated the pod must be restarted (old template hash, old image, restart annotation...); a pod that
 *     is already being deleted must be passed as not outdated
 * @param outdatedReason why it is outdated, for status and events (null when not outdated)
 */
public record NodeState(
        String podName,
        int nodeId,
        boolean controller,
        boolean broker,
        boolean podReady,
        boolean outdated,
        String outdatedReason) {

    public boolean dedicatedController() {
        return controller && !broker;
    }

    public String describe() {
        String role = controller && broker ? "combined node" : controller ? "controller" : "broker";
        return role + " " + nodeId + " (pod " + podName + ")";
    }
}
