package io.clusterkit.sticky;

import io.clusterkit.sticky.handoff.launcher.HandoffRouter;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How connections on the public port reach workers. {@link #HANDOFF} passes each accepted socket
 * to its worker (Linux with Netty's native epoll); {@link #FORWARD} copies bytes through the
 * launcher (portable, about half the throughput); {@link #REUSEPORT} has no router at all: every
 * worker binds the public port itself with {@code SO_REUSEPORT} and the kernel spreads
 * connections. The launcher resolves the mode once and tells its workers through the
 * environment variable {@value #ENV}.
 */
public enum RouterMode {

  /** The accepted socket's descriptor goes to the worker, which serves it as its own. */
  HANDOFF,

  /** The launcher connects to the worker and copies bytes both ways, with a PROXY header. */
  FORWARD,

  /** Workers listen on the public port themselves; the kernel picks one per connection. */
  REUSEPORT;

  /** The environment variable that tells a worker the mode. */
  public static final String ENV = "CLUSTERKIT_ROUTER";

  /** The operator's word for "hand-off where it works, else forward". */
  public static final String AUTO = "auto";

  /** @return the name used in the environment, on the command line and in log lines */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads a mode name, as a worker reads it from {@value #ENV}.
   *
   * @param id {@code handoff}, {@code forward} or {@code reuseport}, any case
   * @return the mode
   * @throws IllegalArgumentException naming the value and the known ones
   */
  public static RouterMode of(String id) {
    String wanted = id == null ? "" : id.trim();
    for (RouterMode mode : values()) {
      if (mode.id().equalsIgnoreCase(wanted)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(ENV + " must be handoff, forward or reuseport, was '"
        + id + "'");
  }

  /**
   * Checks an operator's choice of launcher router ({@code -router}).
   *
   * @param requested {@code auto}, {@code handoff} or {@code forward}, any case; null or blank
   *     is {@code auto}
   * @return the value normalised to lower case, {@value #AUTO} for null or blank
   * @throws IllegalArgumentException naming the value and the known ones
   */
  public static String checkChoice(String requested) {
    String wanted = requested == null || requested.isBlank()
        ? AUTO : requested.trim().toLowerCase(Locale.ROOT);
    if (!wanted.equals(AUTO) && !wanted.equals(HANDOFF.id()) && !wanted.equals(FORWARD.id())) {
      throw new IllegalArgumentException("router must be auto, handoff or forward, was '"
          + requested + "'");
    }
    return wanted;
  }

  /**
   * Chooses the launcher's router: the one asked for, else hand-off where it works, else forward.
   *
   * @param requested the operator's choice ({@link #checkChoice}): auto, handoff or forward
   * @param handoffAvailable whether hand-off works in this JVM ({@link HandoffRouter#isAvailable()})
   * @return {@link #HANDOFF} or {@link #FORWARD}
   * @throws IllegalArgumentException when requested is unknown, or is handoff where it cannot work
   */
  public static RouterMode select(String requested, boolean handoffAvailable) {
    return select(requested,
        () -> handoffAvailable ? null : String.valueOf(HandoffRouter.unavailabilityCause()));
  }

  /**
   * Chooses the launcher's router, as {@link #select(String, boolean)} does, with the hand-off
   * probe passed in.
   *
   * @param requested the operator's choice ({@link #checkChoice}): auto, handoff or forward
   * @param handoffUnavailability why hand-off cannot work here, or null when it can
   * @return {@link #HANDOFF} or {@link #FORWARD}
   * @throws IllegalArgumentException when requested is unknown, or is handoff where it cannot work
   */
  public static RouterMode select(String requested, Supplier<String> handoffUnavailability) {
    String wanted = checkChoice(requested);
    String cause = wanted.equals(FORWARD.id()) ? null : handoffUnavailability.get();
    if (wanted.equals(AUTO)) {
      return cause == null ? HANDOFF : FORWARD;
    }
    RouterMode mode = of(wanted);
    if (mode == HANDOFF && cause != null) {
      throw new IllegalArgumentException("router handoff needs Linux and Netty's native epoll "
          + "transport, which is unavailable here: " + cause);
    }
    return mode;
  }
}
