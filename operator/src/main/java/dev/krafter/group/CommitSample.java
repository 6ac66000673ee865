package dev.krafter.group;

/**
 * One observation of a group's partition for Burrow's rules. {@code commitTimeMillis} estimates when the group last
 * committed: offsets carry no commit time through the Admin API, so a sample taken while an active member owns the
 * partition, or whose offset moved, counts as a commit at observation time; otherwise it keeps the previous estimate.
 */
public record CommitSample(long observedAtMillis, long commitTimeMillis, long committedOffset, long lag) {}
