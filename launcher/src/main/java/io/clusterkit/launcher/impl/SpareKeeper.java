package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.WorkerInfo;
import io.clusterkit.launcher.process.WorkerProcess;
import io.clusterkit.launcher.supervisor.Action;
import io.clusterkit.launcher.supervisor.Event;
import io.clusterkit.verticles.Addresses;
import io.clusterkit.verticles.protocol.SpareAssignment;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's side of spares, on the supervisor's context: it starts their JVMs, holds each
 * waiting spare's request ({@link Addresses#LAUNCHER_SPARE}) and answers it with the spare's
 * slot once the supervisor gives it one, and reports each spare's exit as the spare's, or as its
 * slot's worker's once it has one.
 */
final class SpareKeeper {

  private static final Logger log = LoggerFactory.getLogger(SpareKeeper.class);

  private final ClusterRuntime runtime;
  private final Function<Integer, List<java.nio.file.Path>> classpaths;
  private final Supplier<List<Runnable>> deferred;
  /** The waiting request of each spare that has no slot yet, by spare number. */
  private final Map<Integer, Message<JsonObject>> held = new HashMap<>();
  /** The slot of each spare given one, by spare number, until its process exits. */
  private final Map<Integer, SpareAssignment> assigned = new HashMap<>();
  /** The latest warm-up report of each process that began as a spare, by pid, until it exits. */
  private final Map<Long, JsonObject> warmups = new java.util.concurrent.ConcurrentHashMap<>();

  SpareKeeper(ClusterRuntime runtime, Function<Integer, List<java.nio.file.Path>> classpaths,
      Supplier<List<Runnable>> deferred) {
    this.runtime = runtime;
    this.classpaths = classpaths;
    this.deferred = deferred;
  }

  /** @return a future completed once spares can reach the launcher */
  Future<Void> listen() {
    Future<Void> reports = runtime.vertx.eventBus().<JsonObject>consumer(
        Addresses.local(Addresses.LAUNCHER_SPARE_WARMUP),
        message -> runtime.context.runOnContext(v -> warmedUp(message.body()))).completion();
    return runtime.vertx.eventBus().<JsonObject>consumer(Addresses.local(Addresses.LAUNCHER_SPARE),
        message -> runtime.context.runOnContext(v -> waiting(message))).completion()
        .compose(v -> reports);
  }

  /**
   * The latest warm-up report of a process that began as a spare (see {@code -spare-warmup}).
   *
   * @param pid the process
   * @return {@code state}, {@code requests}, {@code newConnections}, {@code millis} and
   *     {@code budgetMillis}, or null when it did not warm up
   */
  JsonObject warmup(long pid) {
    JsonObject report = warmups.get(pid);
    return report == null ? null : report.copy();
  }

  private void warmedUp(JsonObject report) {
    if (report == null || !(report.getValue("pid") instanceof Number pid)
        || !(report.getValue("spare") instanceof Number spare)) {
      return;
    }
    WorkerProcess waiting = runtime.running.spare(spare.intValue());
    if ((waiting != null && waiting.pid() == pid.longValue())
        || assigned.containsKey(spare.intValue())) {
      JsonObject kept = report.copy();
      kept.remove("pid");
      kept.remove("spare");
      warmups.put(pid.longValue(), kept);
    }
  }

  /** Carries out a spare's action; false when it is not one. */
  boolean execute(Action action) {
    if (action instanceof Action.SpawnSpare spawn) {
      spawn(spawn.spare(), spawn.release());
    } else if (action instanceof Action.Assign assign) {
      assign(assign);
    } else if (action instanceof Action.SignalSpare signal) {
      WorkerProcess process = runtime.running.spare(signal.spare());
      if (process != null) {
        log.info("spare {} pid {} - sending SIG{}", signal.spare(), process.pid(), signal.sig());
        process.signal(signal.sig());
      }
    } else if (action instanceof Action.SpareNote note) {
      if (note.error()) {
        log.error("spare {} pid {} - {}", note.spare(), note.pid() < 0 ? "-" : note.pid(),
            note.message());
      } else {
        log.info("spare {} pid {} - {}", note.spare(), note.pid() < 0 ? "-" : note.pid(),
            note.message());
      }
    } else {
      return false;
    }
    return true;
  }

  private void waiting(Message<JsonObject> message) {
    Object number = message.body() == null ? null : message.body().getValue("spare");
    if (!(number instanceof Number n)) {
      message.fail(400, "not a spare's request (no spare number)");
      return;
    }
    int spare = n.intValue();
    SpareAssignment assignment = assigned.get(spare);
    if (assignment != null) {
      message.reply(assignment.toJson()); // asked again after its request timed out
      return;
    }
    Message<JsonObject> older = held.put(spare, message);
    if (older != null) {
      older.reply(new JsonObject()); // superseded: keep waiting
    }
    runtime.executor.handle(new Event.SpareWaiting(spare));
  }

  private void spawn(int spare, int release) {
    try {
      // a reload's spares are taken as soon as they are booted: a warm-up would only take the
      // CPU that the spares still booting beside them and the serving workers need
      long warmupMillis = runtime.supervisor.reloading() ? 0
          : runtime.options.getSpareWarmup().toMillis();
      WorkerProcess process = runtime.processes.spawn(
          runtime.command.spareSpec(spare, classpaths.apply(release), warmupMillis));
      runtime.running.putSpare(spare, process);
      log.info("spare {} pid {} - spawned (release {})", spare, process.pid(), release);
      runtime.executor.post(new Event.SpareSpawned(spare, process.pid()));
      process.onExit().onComplete(ar -> {
        runtime.running.remove(process);
        runtime.spareOutput.forget(process.pid());
        warmups.remove(process.pid());
        held.remove(spare);
        SpareAssignment slot = assigned.remove(spare);
        if (ar.failed()) {
          log.error("spare {} - lost track of pid {}", spare, process.pid(), ar.cause());
        } else if (slot != null) {
          runtime.executor.post(new Event.Exited(slot.slot(), slot.gen(), ar.result()));
        } else {
          runtime.executor.post(new Event.SpareExited(spare, ar.result()));
        }
      });
    } catch (java.io.IOException | RuntimeException e) {
      log.error("spare {} - cannot start a worker JVM: {}", spare, e.getMessage());
      runtime.executor.post(new Event.SpareSpawnFailed(spare, String.valueOf(e.getMessage())));
    }
  }

  /**
   * Gives a spare its slot at once: files its process under the slot and answers its wait. The
   * executor calls it before it carries out the event's other actions (logging an exit, telling
   * the program's handlers), which are not on the slot's critical path; a spare whose process
   * this same event starts is given its slot once that action has run, by {@link #execute}.
   */
  void deliver(Action.Assign assign) {
    if (assigned.containsKey(assign.spare())) {
      return; // given already
    }
    SpareAssignment assignment = new SpareAssignment(assign.spare(), assign.slot(), assign.gen(),
        runtime.command.assignment(assign.slot(), assign.gen()));
    WorkerProcess process = runtime.running.assign(assign.spare(), assign.slot(), assign.gen());
    if (process == null) {
      return; // not started yet (this event starts it), or gone: its exit counts as the slot's
    }
    assigned.put(assign.spare(), assignment);
    runtime.spareOutput.assign(process.pid(), assign.slot(), assign.gen());
    Message<JsonObject> waiting = held.remove(assign.spare());
    if (waiting != null) {
      waiting.reply(assignment.toJson());
    }
  }

  /** Gives a spare its slot if {@link #deliver} could not yet, and records it in order. */
  private void assign(Action.Assign assign) {
    deliver(assign);
    WorkerProcess process = runtime.running.get(assign.slot(), assign.gen());
    if (process == null) {
      log.info("slot {} gen {} - spare {} exited before it could take the slot", assign.slot(),
          assign.gen(), assign.spare());
      return;
    }
    log.info("slot {} gen {} pid {} - spare {} takes the slot", assign.slot(), assign.gen(),
        process.pid(), assign.spare());
    runtime.live.forked(assign.slot(), assign.gen(), process.pid());
    WorkerInfo forked = runtime.info(assign.slot(), assign.gen(), process.pid());
    deferred.get().add(() -> runtime.events.fork(forked));
  }
}
