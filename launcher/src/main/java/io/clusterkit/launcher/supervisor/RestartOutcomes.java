package io.clusterkit.launcher.supervisor;

/**
 * How the {@link Roller} answers a restart of one slot: the {@link Action.RestartDone} that
 * names the worker replaced and its replacement (generation and pid, -1 where there is none).
 */
final class RestartOutcomes {

  /** Why a restarted slot's old worker leaves, for the log and its exit's reason. */
  static final String REASON = "restart requested";

  private RestartOutcomes() {
  }

  /** @return a RestartDone of outcome, naming old and replacement where they are known */
  static Action.RestartDone of(Action.RestartDone.Outcome outcome, int slot, Worker old,
      Worker replacement, String detail) {
    return new Action.RestartDone(outcome, slot, old == null ? -1 : old.gen(),
        old == null ? -1 : old.pid(), replacement == null ? -1 : replacement.gen(),
        replacement == null ? -1 : replacement.pid(), detail);
  }

  /** @return the RestartDone of a restart that completed: the replacement is READY, old gone */
  static Action.RestartDone done(int slot, Worker old, Worker replacement) {
    String replaced = old == null ? "slot " + slot + " restarted"
        : "slot " + slot + " restarted: gen " + old.gen() + (old.pid() < 0 ? ""
            : " (pid " + old.pid() + ")") + " replaced by";
    return of(Action.RestartDone.Outcome.DONE, slot, old, replacement, replaced
        + (old == null ? " as" : "") + " gen " + replacement.gen() + " (pid " + replacement.pid()
        + ")");
  }
}
