package io.clusterkit.examples.it.support;

import io.clusterkit.launcher.admin.LauncherRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs inside a test host's network namespace and forwards each connection it accepts on the
 * namespace's own address to the admin API of the launcher registered in a run directory, which
 * listens on that namespace's 127.0.0.1 only (so the test JVM, outside, can reach it). Plain
 * blocking sockets, two threads per connection: it carries a handful of admin calls.
 *
 * <p>{@code java AdminRelay LISTEN_HOST LISTEN_PORT RUN_DIR}; it exits when its stdin closes (the
 * test JVM that started it is gone).
 */
public final class AdminRelay {

  private AdminRelay() {
  }

  /**
   * Relays until stdin closes.
   *
   * @param args listen host, listen port, run directory
   * @throws IOException when the listening socket cannot be bound
   */
  public static void main(String[] args) throws IOException {
    LauncherRegistry registry = new LauncherRegistry(Path.of(args[2]));
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(args[0], Integer.parseInt(args[1])));
    Thread watch = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // nothing: only the end of stdin matters
        }
      } catch (IOException e) {
        // the parent is gone either way
      }
      System.exit(0);
    }, "stdin-watch");
    watch.setDaemon(true);
    watch.start();
    System.out.println("relaying " + args[0] + ":" + args[1]);
    System.out.flush();
    while (true) {
      Socket client = server.accept();
      List<LauncherRegistry.Entry> running = registry.running();
      if (running.isEmpty()) {
        client.close();
        continue;
      }
      Socket admin = new Socket();
      try {
        admin.connect(new InetSocketAddress("127.0.0.1", running.get(0).adminPort()), 2_000);
      } catch (IOException e) {
        client.close();
        admin.close();
        continue;
      }
      pipe(client, admin);
      pipe(admin, client);
    }
  }

  private static void pipe(Socket from, Socket to) {
    Thread copier = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // either side closed
      } finally {
        try {
          from.close();
          to.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
    }, "relay");
    copier.setDaemon(true);
    copier.start();
  }
}
