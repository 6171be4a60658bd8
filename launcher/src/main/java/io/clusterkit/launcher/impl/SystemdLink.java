package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.supervisor.Action;
import io.clusterkit.launcher.supervisor.Event;
import io.clusterkit.launcher.systemd.NotifySocket;
import io.clusterkit.launcher.systemd.SystemdNotifications;
import io.clusterkit.launcher.systemd.WatchdogSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's link to systemd when it runs as a {@code Type=notify} service: after each
 * supervisor event it sends what {@link SystemdNotifications} decides to the
 * {@code NOTIFY_SOCKET}, and it pings the watchdog ({@code WATCHDOG_USEC}) from a timer on the
 * supervisor's own context, so the pings stop when that context stops answering, and at the
 * halt. Without {@code NOTIFY_SOCKET} it does nothing. Used on the supervisor's context only.
 */
final class SystemdLink {

  private static final Logger log = LoggerFactory.getLogger(SystemdLink.class);

  private final ClusterRuntime runtime;
  private NotifySocket socket;
  private final Duration ping;
  private final SystemdNotifications notifications;
  private long timer = -1;
  private boolean failing;

  private SystemdLink(ClusterRuntime runtime, NotifySocket socket, Duration ping) {
    this.runtime = runtime;
    this.socket = socket;
    this.ping = ping;
    this.notifications = new SystemdNotifications(ProcessHandle.current().pid());
  }

  /**
   * The link for this process's environment.
   *
   * @param runtime the launcher's parts
   * @param env the process environment
   * @return a link, which does nothing when NOTIFY_SOCKET is not set or unusable
   */
  static SystemdLink create(ClusterRuntime runtime, Map<String, String> env) {
    NotifySocket socket = null;
    try {
      socket = NotifySocket.fromEnvironment(env);
    } catch (IllegalArgumentException | IllegalStateException e) {
      log.error("systemd: not notifying: {}", e.getMessage());
    }
    Duration ping = null;
    if (socket != null) {
      try {
        ping = WatchdogSettings.pingInterval(env, ProcessHandle.current().pid());
      } catch (IllegalArgumentException e) {
        log.error("systemd: no watchdog pings: {}", e.getMessage());
      }
      log.info("systemd: notifying {}{}", socket.address(), ping == null ? ""
          : ", watchdog ping every " + ping.toMillis() + " ms");
    }
    return new SystemdLink(runtime, socket, ping);
  }

  /** Starts the watchdog pings, if systemd asked for them; call it on the supervisor's context. */
  void start() {
    if (socket != null && ping != null) {
      send("WATCHDOG=1");
      timer = runtime.vertx.setPeriodic(Math.max(1, ping.toMillis()), id -> {
        if (socket == null || runtime.shutdown.halted()) {
          runtime.vertx.cancelTimer(id);
        } else {
          send("WATCHDOG=1");
        }
      });
    }
  }

  /**
   * Tells systemd what an event changed.
   *
   * @param event the event the supervisor handled
   * @param actions its actions
   */
  void handled(Event event, List<Action> actions) {
    if (socket == null) {
      return;
    }
    for (String message : notifications.after(event, actions, runtime.supervisor.slots(),
        System.nanoTime())) {
      send(message);
    }
    if (actions.stream().anyMatch(Action.Halt.class::isInstance)) {
      // the supervisor handles nothing after its halt: nothing more to say
      if (timer >= 0) {
        runtime.vertx.cancelTimer(timer);
      }
      socket.close();
      socket = null;
    }
  }

  private void send(String message) {
    try {
      socket.send(message);
      log.debug("systemd: sent {}", message.replace('\n', ' '));
      failing = false;
    } catch (IOException | RuntimeException e) {
      if (!failing) {
        log.warn("systemd: cannot notify {}: {}", socket.address(), e.getMessage());
      }
      failing = true;
    }
  }
}
