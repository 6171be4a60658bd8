package io.clusterkit.sticky.impl;

import java.util.Locale;

/**
 * How the launcher gives accepted connections to workers. {@link #HANDOFF} passes the socket
 * itself (Linux with Netty's native epoll); {@link #FORWARD} copies bytes through the launcher
 * (portable, about half the throughput). The launcher resolves the mode once and tells its
 * workers through the environment variable {@value #ENV}, which also lets an operator ask for
 * one.
 */
public enum RouterMode {

  /** The accepted socket's descriptor goes to the worker, which serves it as its own. */
  HANDOFF,

  /** The launcher connects to the worker and copies bytes both ways, with a PROXY header. */
  FORWARD;

  /** The environment variable naming the mode: {@code handoff} or {@code forward}. */
  public static final String ENV = "CLUSTERKIT_ROUTER";

  /** @return the name used in the environment and in log lines */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads a mode name.
   *
   * @param id {@code handoff} or {@code forward}, any case
   * @return the mode
   * @throws IllegalArgumentException naming the value and the known ones
   */
  public static RouterMode of(String id) {
    for (RouterMode mode : values()) {
      if (mode.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
        return mode;
      }
    }
    throw new IllegalArgumentException(ENV + " must be handoff or forward, was '" + id + "'");
  }

  /**
   * Chooses the mode: the one asked for, else hand-off where it works, else forward.
   *
   * @param requested the operator's choice, or null or blank for the default
   * @param handoffAvailable whether hand-off works in this JVM ({@link HandoffRouter#isAvailable()})
   * @return the mode
   * @throws IllegalArgumentException when requested is unknown, or is handoff where it cannot work
   */
  public static RouterMode select(String requested, boolean handoffAvailable) {
    if (requested == null || requested.isBlank()) {
      return handoffAvailable ? HANDOFF : FORWARD;
    }
    RouterMode mode = of(requested);
    if (mode == HANDOFF && !handoffAvailable) {
      throw new IllegalArgumentException(ENV + "=handoff needs Linux and Netty's native epoll "
          + "transport, which is unavailable here: " + HandoffRouter.unavailabilityCause());
    }
    return mode;
  }
}
