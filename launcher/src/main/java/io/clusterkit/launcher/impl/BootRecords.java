package io.clusterkit.launcher.impl;

import io.clusterkit.verticles.protocol.BootPhases;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest boot of each slot, as its worker reported it with READY: kept for {@code status},
 * completed with the health check's time when {@code -health} is set, and logged once per boot
 * when the worker becomes routable. Written on the launcher's context, read from any thread.
 */
final class BootRecords {

  private static final Logger log = LoggerFactory.getLogger(BootRecords.class);

  private record Boot(int gen, long pid, BootPhases phases, long reportedNanos, boolean done) {
  }

  private final Map<Integer, Boot> bySlot = new ConcurrentHashMap<>();
  private final LongSupplier nanos;

  /** @param nanos the monotonic clock the health check's time is measured on */
  BootRecords(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /**
   * A worker reported READY with these phases (null from a worker that sends none).
   *
   * @param checked whether a health check must pass before the worker is routable; without one
   *     the boot is complete and logged now
   */
  void reported(int slot, int gen, long pid, BootPhases phases, boolean checked) {
    if (phases == null) {
      return;
    }
    Boot boot = new Boot(gen, pid, phases, nanos.getAsLong(), false);
    bySlot.put(slot, boot);
    if (!checked) {
      complete(slot, boot, phases);
    }
  }

  /**
   * Worker (slot, gen) is routable: its health check passed, which ends its boot. Nothing
   * happens for a boot already complete or not reported.
   */
  void routable(int slot, int gen) {
    Boot boot = bySlot.get(slot);
    if (boot == null || boot.gen() != gen || boot.done()) {
      return;
    }
    long waited = (nanos.getAsLong() - boot.reportedNanos()) / 1_000_000;
    complete(slot, boot, boot.phases().withHealth(waited));
  }

  private void complete(int slot, Boot boot, BootPhases phases) {
    bySlot.put(slot, new Boot(boot.gen(), boot.pid(), phases, boot.reportedNanos(), true));
    log.info("slot {} gen {} pid {} - booted in {}", slot, boot.gen(), boot.pid(),
        phases.describe());
  }

  /**
   * @return the phases of the boot of worker (slot, gen) for {@code status}, or null when it
   *     reported none (not READY yet, or an older worker)
   */
  JsonObject json(int slot, int gen) {
    Boot boot = bySlot.get(slot);
    return boot == null || boot.gen() != gen ? null : boot.phases().toJson();
  }
}
