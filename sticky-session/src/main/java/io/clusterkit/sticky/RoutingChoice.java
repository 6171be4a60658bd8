package io.clusterkit.sticky;

import io.clusterkit.sticky.handoff.launcher.HandoffRouter;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * How connections on the public port reach workers ({@link RouterMode}) and which transport the
 * workers serve them on ({@link WorkerTransport}), each with the reason it was chosen: the one
 * place the launcher's routing is decided, once, at boot, from the operator's plain values.
 *
 * <p>The launcher calls {@code RoutingChoice.decide(options.getBalance(), options.getRouter(),
 * options.getTransport())}, then {@link #logTo(Logger)} with its own logger, and uses
 * {@link #mode()} and {@link #transport()} from then on. Tests pass the two probes in
 * ({@link #decide(String, String, String, Supplier, Supplier)}) and need no sockets.
 *
 * @param mode how connections reach workers
 * @param modeReason why, as the log line says it, e.g. {@code accepted sockets are handed to
 *     workers (Linux, native epoll)}
 * @param transport the workers' transport
 * @param transportReason why, e.g. {@code the kernel allows it} or {@code -transport epoll}
 */
public record RoutingChoice(RouterMode mode, String modeReason, WorkerTransport transport,
    String transportReason) {

  /**
   * Checks that every part is given.
   *
   * @throws NullPointerException naming the missing part
   */
  public RoutingChoice {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(modeReason, "modeReason");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(transportReason, "transportReason");
  }

  /**
   * Decides the router mode and the workers' transport for this JVM: no router under
   * {@code -balance reuseport}; else what {@code -router} asks for, hand-off where it works by
   * default; then the transport {@code -transport} asks for, else io_uring where it works (see
   * {@link WorkerTransport#select}).
   *
   * @param balance the balancer's name ({@link Balancers#names()})
   * @param router the {@code -router} value: auto, handoff or forward; null or blank is auto
   * @param transport the {@code -transport} value: auto, io_uring or epoll; null or blank is auto
   * @return the choice and its reasons
   * @throws IllegalArgumentException when a value is unknown, or asks for what cannot work here
   */
  public static RoutingChoice decide(String balance, String router, String transport) {
    return decide(balance, router, transport,
        () -> HandoffRouter.isAvailable() ? null
            : String.valueOf(HandoffRouter.unavailabilityCause()),
        WorkerTransport::ioUringUnavailability);
  }

  /**
   * Decides as {@link #decide(String, String, String)} does, with the probes passed in; each is
   * asked at most once, and only when its answer matters.
   *
   * @param balance the balancer's name
   * @param router the {@code -router} value
   * @param transport the {@code -transport} value
   * @param handoffUnavailability why socket hand-off cannot work here, or null when it can
   * @param ioUringUnavailability why io_uring cannot serve workers here, or null when it can
   * @return the choice and its reasons
   * @throws IllegalArgumentException when a value is unknown, or asks for what cannot work here
   */
  public static RoutingChoice decide(String balance, String router, String transport,
      Supplier<String> handoffUnavailability, Supplier<String> ioUringUnavailability) {
    Objects.requireNonNull(handoffUnavailability, "handoffUnavailability");
    Objects.requireNonNull(ioUringUnavailability, "ioUringUnavailability");
    Supplier<String> handoff = once(handoffUnavailability);
    Supplier<String> ioUring = once(ioUringUnavailability);
    RouterMode mode;
    String modeReason;
    if (!Balancers.routed(balance)) {
      mode = RouterMode.REUSEPORT;
      modeReason = "every worker listens on the public port (SO_REUSEPORT) and the kernel "
          + "spreads connections; the launcher only holds the port";
    } else {
      String requested = RouterMode.checkChoice(router);
      mode = RouterMode.select(requested, handoff);
      if (mode == RouterMode.HANDOFF) {
        modeReason = "accepted sockets are handed to workers (Linux, native epoll)";
      } else {
        modeReason = "the launcher copies bytes to workers (" + (RouterMode.AUTO.equals(requested)
            ? "socket hand-off needs Linux and native epoll: " + handoff.get()
            : "-router " + requested) + ")";
      }
    }
    String choice = WorkerTransport.checkChoice(transport);
    WorkerTransport chosen = WorkerTransport.select(choice, mode, ioUring);
    String transportReason;
    if (!WorkerTransport.AUTO.equals(choice)) {
      transportReason = "-transport " + choice;
    } else if (chosen == WorkerTransport.IO_URING) {
      transportReason = "the kernel allows it";
    } else if (mode == RouterMode.FORWARD) {
      transportReason = "forwarded workers listen on Unix domain sockets, which Vert.x's "
          + "io_uring transport lacks";
    } else {
      transportReason = "io_uring is unavailable: " + ioUring.get();
    }
    return new RoutingChoice(mode, modeReason, chosen, transportReason);
  }

  /**
   * Logs the choice at INFO, one line for the mode and one for the transport, e.g.
   * {@code router mode handoff: accepted sockets are handed to workers (Linux, native epoll)} and
   * {@code workers serve clients on Netty's io_uring transport (the kernel allows it)}.
   *
   * @param log the launcher's logger
   */
  public void logTo(Logger log) {
    log.info("router mode {}: {}", mode.id(), modeReason);
    log.info("workers serve clients on Netty's {} transport ({})", transport.id(),
        transportReason);
  }

  private static Supplier<String> once(Supplier<String> probe) {
    return new Supplier<>() {
      private boolean asked;
      private String answer;

      @Override
      public String get() {
        if (!asked) {
          answer = probe.get();
          asked = true;
        }
        return answer;
      }
    };
  }
}
