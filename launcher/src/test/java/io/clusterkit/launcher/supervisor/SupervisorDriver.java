package io.clusterkit.launcher.supervisor;

import io.clusterkit.launcher.LauncherOptions;
import io.clusterkit.launcher.RestartPolicyOptions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Drives a {@link Supervisor} in tests with a fake monotonic clock (a long that only moves when
 * told to) and made-up pids, so that every expected action can be written out exactly.
 */
final class SupervisorDriver {

  static final Duration BACKOFF_INITIAL = RestartPolicyOptions.DEFAULT_BACKOFF_MIN;
  static final long BOOT_TIMEOUT = RestartPolicyOptions.DEFAULT_BOOT_TIMEOUT.toNanos();
  static final long GRACE = LauncherOptions.DEFAULT_GRACE.toNanos();

  final Supervisor supervisor;
  long now = 5_000_000_000L; // an arbitrary origin: nanoTime values are not wall time

  SupervisorDriver(SupervisorOptions options) {
    this.supervisor = new Supervisor(options);
  }

  static SupervisorDriver workers(int workers) {
    return new SupervisorDriver(new SupervisorOptions().setWorkers(workers));
  }

  /** @return the pid the driver reports for a worker: 4711 for slot 0 gen 1, 4822 for slot 1... */
  static long pid(int slot, int gen) {
    return 4711 + 111L * slot + 10_000L * (gen - 1);
  }

  static long millis(long ms) {
    return Duration.ofMillis(ms).toNanos();
  }

  List<Action> on(Event event) {
    return supervisor.on(event, now);
  }

  void advance(Duration by) {
    now += by.toNanos();
  }

  List<Action> start() {
    return on(new Event.Start());
  }

  List<Action> spawned(int slot, int gen) {
    return on(new Event.Spawned(slot, gen, pid(slot, gen)));
  }

  List<Action> ready(int slot, int gen) {
    return on(new Event.Ready(slot, gen));
  }

  List<Action> exit(int slot, int gen, int exitValue) {
    return on(new Event.Exited(slot, gen, ExitStatus.fromExitValue(exitValue)));
  }

  List<Action> stop() {
    return on(new Event.StopRequested());
  }

  /** Starts every slot and reports every pid; nothing is READY yet. */
  SupervisorDriver started() {
    start();
    for (int slot = 0; slot < slotCount(); slot++) {
      spawned(slot, 1);
    }
    return this;
  }

  /** Starts every slot and makes every worker READY: the first boot is done. */
  SupervisorDriver booted() {
    started();
    for (int slot = 0; slot < slotCount(); slot++) {
      ready(slot, 1);
    }
    return this;
  }

  /**
   * Lets the RespawnDue that an exit scheduled fire after its delay, and reports the new pid.
   *
   * @return the delay the exit asked for, in nanoseconds
   */
  long respawnAfter(List<Action> exitActions) {
    Action.Schedule schedule = only(exitActions, Action.Schedule.class).get(0);
    Event.RespawnDue due = (Event.RespawnDue) schedule.event();
    now += schedule.delayNanos();
    on(due);
    spawned(due.slot(), due.gen());
    return schedule.delayNanos();
  }

  SlotView view(int slot) {
    return supervisor.slots().get(slot);
  }

  static <T extends Action> List<T> only(List<Action> actions, Class<T> type) {
    return actions.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  private int slotCount() {
    return supervisor.slots().size();
  }
}
