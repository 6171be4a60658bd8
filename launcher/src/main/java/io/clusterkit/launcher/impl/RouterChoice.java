package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.LauncherOptions;
import io.clusterkit.sticky.Balancers;
import io.clusterkit.sticky.impl.HandoffRouter;
import io.clusterkit.sticky.impl.RouterMode;
import io.clusterkit.sticky.impl.WorkerTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How connections reach workers and which transport workers serve them on, chosen once at boot
 * from the options and what this machine allows, each choice logged with its reason.
 */
final class RouterChoice {

  private static final Logger log = LoggerFactory.getLogger(RouterChoice.class);

  private RouterChoice() {
  }

  /**
   * Chooses how connections reach workers and logs why: no router under {@code -balance
   * reuseport}; else what {@code -router} asks for, hand-off where it works by default.
   *
   * @throws IllegalArgumentException when the mode asked for cannot work here
   */
  static RouterMode routerMode(LauncherOptions options) {
    if (!Balancers.routed(options.getBalance())) {
      log.info("router mode reuseport: every worker listens on the public port (SO_REUSEPORT) "
          + "and the kernel spreads connections; the launcher only holds the port");
      return RouterMode.REUSEPORT;
    }
    String requested = options.getRouter();
    boolean asked = !RouterMode.AUTO.equals(requested);
    RouterMode mode = RouterMode.select(requested, HandoffRouter.isAvailable());
    if (mode == RouterMode.HANDOFF) {
      log.info("router mode handoff: accepted sockets are handed to workers (Linux, native epoll)");
    } else {
      log.info("router mode forward: the launcher copies bytes to workers ({})", asked
          ? "-router " + requested
          : "socket hand-off needs Linux and native epoll: " + HandoffRouter.unavailabilityCause());
    }
    return mode;
  }

  /**
   * Chooses the workers' transport and logs why: the one {@code -transport} asks for, else
   * io_uring where it works.
   *
   * @throws IllegalArgumentException when the transport asked for cannot work here
   */
  static WorkerTransport workerTransport(LauncherOptions options, RouterMode mode) {
    String choice = WorkerTransport.checkChoice(options.getTransport());
    boolean auto = WorkerTransport.AUTO.equals(choice);
    WorkerTransport transport = WorkerTransport.select(choice, mode,
        WorkerTransport::ioUringUnavailability);
    String why;
    if (!auto) {
      why = "-transport " + choice;
    } else if (transport == WorkerTransport.IO_URING) {
      why = "the kernel allows it";
    } else if (mode == RouterMode.FORWARD) {
      why = "forwarded workers listen on Unix domain sockets, which Vert.x's io_uring transport "
          + "lacks";
    } else {
      // the probe's answer is kept: asking again costs nothing
      why = "io_uring is unavailable: " + WorkerTransport.ioUringUnavailability();
    }
    log.info("workers serve clients on Netty's {} transport ({})", transport.id(), why);
    return transport;
  }
}
