package io.clusterkit.launcher.supervisor;

/**
 * A snapshot of one spare worker process: started, not yet given a slot.
 *
 * @param id the spare's number, counted from 1 over the launcher's life
 * @param pid its process id, or -1 before it is known
 * @param release which code it runs: 0 is the launch's own, each reload with new code adds one
 * @param waiting true once it is booted and waits for a slot, false while it boots
 * @param retiring true when it is being stopped (the cluster stops, or its code is replaced)
 * @param sinceNanos when it was started or, once waiting, when it began to wait (monotonic)
 * @param startedNanos when the supervisor started it (monotonic), waiting or not
 */
public record SpareView(int id, long pid, int release, boolean waiting, boolean retiring,
    long sinceNanos, long startedNanos) {
}
