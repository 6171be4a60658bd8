package io.clusterkit.launcher.junit;

import io.clusterkit.launcher.admin.AdminClient;
import io.clusterkit.launcher.admin.LauncherRegistry;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The way to one launcher's admin API, found in its own run directory: the launcher writes its
 * admin port, token and public port there once it listens.
 */
final class AdminConnection {

  private final LauncherRegistry registry;
  private final long pid;
  private volatile LauncherRegistry.Entry entry;
  private volatile AdminClient client;

  /** A relay's address for a launcher in another network namespace, else null. */
  private final java.net.InetSocketAddress via;

  AdminConnection(Path runDir, long pid) {
    this(runDir, pid, null);
  }

  AdminConnection(Path runDir, long pid, java.net.InetSocketAddress via) {
    this.registry = new LauncherRegistry(runDir);
    this.pid = pid;
    this.via = via;
  }

  /** @return the launcher's registry entry, or null while it has written none */
  LauncherRegistry.Entry entry() {
    if (entry == null) {
      List<LauncherRegistry.Entry> running = registry.running();
      if (running.size() > 1) {
        throw new IllegalStateException("several launchers in " + registry.dir() + ": " + running);
      }
      if (!running.isEmpty()) {
        if (running.get(0).pid() != pid) {
          throw new IllegalStateException("the launcher in " + registry.dir() + " is pid "
              + running.get(0).pid() + ", not " + pid);
        }
        client = via == null ? new AdminClient(running.get(0))
            : new AdminClient(running.get(0), via.getHostString(), via.getPort());
        entry = running.get(0);
      }
    }
    return entry;
  }

  /**
   * Calls the admin API.
   *
   * @return the answer, whatever its status
   * @throws IllegalStateException when the launcher has not registered yet
   * @throws UncheckedIOException when the launcher cannot be reached
   */
  AdminClient.Reply call(String method, String path, JsonObject body, Duration timeout) {
    if (entry() == null) {
      throw new IllegalStateException("launcher " + pid + " has not registered its admin API in "
          + registry.dir() + " yet");
    }
    try {
      return client.call(method, path, body, timeout);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " to launcher " + pid + " failed", e);
    }
  }

  /**
   * Calls the admin API and insists on success.
   *
   * @return the JSON answer of a 2xx
   * @throws AdminCallException on any other status, with the launcher's {@code error}
   */
  JsonObject expectOk(String method, String path, JsonObject body, Duration timeout) {
    AdminClient.Reply reply = call(method, path, body, timeout);
    if (!reply.ok()) {
      Object error = reply.json().getValue("error");
      throw new AdminCallException(method + " " + path, reply.status(),
          error != null ? String.valueOf(error) : reply.json().encode());
    }
    return reply.json();
  }
}
