package io.clusterkit.launcher.supervisor;

/**
 * The signals the supervisor sends to a worker process.
 */
public enum Sig {

  /** Drain and exit: the worker stops taking work, finishes what it has and exits. */
  TERM,

  /** Die now, without draining. */
  KILL
}
