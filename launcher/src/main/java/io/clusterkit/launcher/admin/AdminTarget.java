package io.clusterkit.launcher.admin;

import io.clusterkit.launcher.ControlException;
import io.clusterkit.launcher.ReloadResult;
import io.clusterkit.launcher.RestartResult;
import io.clusterkit.launcher.ScaleResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/** What the admin API can see and ask of a running cluster. */
public interface AdminTarget {

  /**
   * @return the cluster now: its name, pid, public port and one entry per slot (see the README's
   *     {@code status})
   */
  JsonObject status();

  /**
   * Rolls every worker onto fresh processes, one slot at a time, without failing a request.
   *
   * @param classpath the application's new classpath, or null to keep the current one
   * @return a future completed with what the reload did once every slot is rolled, or failed
   *     with a {@link ControlException} (refused, or failed while it ran)
   */
  Future<ReloadResult> reload(List<Path> classpath);

  /**
   * Replaces one slot's worker drain-first, without failing a request.
   *
   * @param slot the slot, 0 or more
   * @return a future completed with what the restart did once the old worker has exited, or
   *     failed with a {@link ControlException} (refused, or failed while it ran), or with an
   *     IllegalArgumentException when the slot is not one of the cluster's
   */
  Future<RestartResult> restart(int slot);

  /**
   * Changes the number of workers.
   *
   * @param workers at least 1
   * @return a future completed with what changes, or failed with a {@link ControlException}
   */
  Future<ScaleResult> scale(int workers);

  /**
   * Stops the cluster gracefully.
   *
   * @return a future completed once the stop has begun
   */
  Future<Void> stop();
}
