package io.clusterkit.state;

import io.vertx.core.Future;

/**
 * A held cluster-wide lock, as completed by {@link SharedState#lock(String, java.time.Duration)}.
 *
 * <p>Release it on every path, typically in {@code eventually(..)}: a lock that is never released
 * stays held until its member leaves the cluster.
 */
public interface SharedLock {

  /**
   * Returns the lock's name.
   *
   * @return the name it was acquired with
   */
  String name();

  /**
   * Frees the lock for the next waiter; calling it again does nothing more.
   *
   * @return a future completed once the lock is free for others (every call returns the first
   *     call's future)
   */
  Future<Void> release();
}
