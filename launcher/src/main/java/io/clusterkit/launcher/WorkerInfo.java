package io.clusterkit.launcher;

import java.time.Duration;

/**
 * A snapshot of one slot of a {@link Cluster}: what {@code status} shows.
 *
 * @param slot the slot, 0..N-1
 * @param gen the generation of its current process (1 for the first, +1 per replacement)
 * @param pid the process id, or -1 when no process is running
 * @param state STARTING, READY, DRAINING, EXITED, or FAILED for a slot given up
 * @param uptime how long the current process has been READY, zero when it is not
 * @param restarts how many replacement processes the slot has had
 */
public record WorkerInfo(int slot, int gen, long pid, WorkerState state, Duration uptime,
    int restarts) {
}
