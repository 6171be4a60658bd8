package io.clusterkit.verticles.impl;

import io.clusterkit.verticles.Addresses;
import io.clusterkit.verticles.protocol.SlotTable;
import io.clusterkit.verticles.protocol.WorkerEnv;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's intake of the launcher's slot tables: one event-bus registration, made once (by a
 * spare while it waits), whose tables go to the messenger of the slot the worker serves.
 */
final class SlotTables {

  private static final Logger log = LoggerFactory.getLogger(SlotTables.class);

  private final Supplier<WorkerEnv> env;
  /** The registration, once made. */
  private Future<Void> registration;

  SlotTables(Supplier<WorkerEnv> env) {
    this.env = env;
  }

  /**
   * Registers for the launcher's slot tables, once: a spare does it while it waits, so that the
   * cluster-wide registration is off its slot's critical path.
   */
  Future<Void> listen(Vertx vertx) {
    if (registration == null) {
      registration = vertx.eventBus().<JsonObject>consumer(Addresses.local(Addresses.SLOTS),
          message -> take(message.body())).completion();
    }
    return registration;
  }

  /** Hands a slot table (the READY reply's, or a later change) to this slot's messenger. */
  void take(Object body) {
    WorkerRuntime runtime = WorkerRuntime.current();
    if (runtime == null || runtime.messenger() == null) {
      return; // a spare without a slot: the READY reply brings the table once it has one
    }
    if (body instanceof JsonObject json) {
      try {
        WorkerRuntime.current().messenger().update(SlotTable.fromJson(json));
      } catch (IllegalArgumentException e) {
        log.warn("slot {} gen {} - ignored a bad slot table: {}", env.get().slot(),
            env.get().gen(), e.getMessage());
      }
    }
  }
}
