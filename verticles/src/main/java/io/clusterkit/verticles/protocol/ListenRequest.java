package io.clusterkit.verticles.protocol;

import io.clusterkit.verticles.Addresses;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A worker's request to share a TCP port its own code listens on (any {@code HttpServer} or
 * {@code NetServer} bound to a port other than 0), sent to {@link Addresses#LAUNCHER_LISTEN}.
 * Two steps, as Node's workers ask their primary for a handle: {@link Op#OPEN} has the launcher
 * open the public port (once, on the first request for it; its reply says whether that port is
 * the one {@code serve()} uses, whose connections reach the worker's main hand-off socket), then,
 * once the worker takes sockets for it at {@link #socketPath(Path, int)}, {@link Op#SERVE} has
 * the launcher route the port there whenever the worker is READY.
 *
 * @param op the step
 * @param slot the worker's slot
 * @param gen the worker's generation in its slot
 * @param host the host the worker's server asked for, as given to {@code listen}
 * @param port the port, 1..65535 (0 for {@link Op#MAIN})
 */
public record ListenRequest(Op op, int slot, int gen, String host, int port) {

  /** The steps of a shared listen. */
  public enum Op {
    /** Open the public port, or fail naming it. */
    OPEN,
    /** Route the opened port to the worker's hand-off socket for it. */
    SERVE,
    /**
     * Open the port of {@code serve()} ({@code -port}), or fail naming it: sent by each
     * {@code serve()}, as the launcher opens that port on the first one when {@code -port} was
     * not given. Host and port are empty and 0: the launcher knows them.
     */
    MAIN
  }

  /** The reply's key saying the port is the one {@code serve()} uses (the launcher's -port). */
  public static final String MAIN = "main";

  /**
   * Checks the fields.
   *
   * @param op the step, not null
   * @param slot the slot, 0 or more
   * @param gen the generation
   * @param host the host, not null
   * @param port 1..65535; 0 for {@link Op#MAIN}
   */
  public ListenRequest {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(host, "host");
    if (op == Op.MAIN ? port != 0 : port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be " + (op == Op.MAIN ? "0" : "1..65535")
          + ", was " + port);
    }
  }

  /** @return the request as a worker sends it */
  public JsonObject toJson() {
    return new JsonObject().put("op", op.name()).put("slot", slot).put("gen", gen)
        .put("host", host).put("port", port);
  }

  /**
   * Reads a request as the launcher receives it.
   *
   * @param json what {@link #toJson()} wrote
   * @return the request
   * @throws IllegalArgumentException when a field is missing or out of range
   */
  public static ListenRequest fromJson(JsonObject json) {
    Objects.requireNonNull(json, "json");
    if (!(json.getValue("slot") instanceof Number slot)
        || !(json.getValue("gen") instanceof Number gen)
        || !(json.getValue("port") instanceof Number port)
        || !(json.getValue("host") instanceof String host)
        || !(json.getValue("op") instanceof String op)) {
      throw new IllegalArgumentException("not a listen request: " + json.encode());
    }
    return new ListenRequest(Op.valueOf(op), slot.intValue(), gen.intValue(), host,
        port.intValue());
  }

  /**
   * Where a worker takes the sockets of a shared port: beside its main hand-off socket, in the
   * launcher's private directory ({@code w0-1.sock} gives {@code w0-1-p9000.sock}). Both sides
   * derive it with this one rule.
   *
   * @param mainSocket the worker's main hand-off socket ({@link WorkerEnv#socketPath()})
   * @param port the shared port
   * @return the socket path for that port
   */
  public static Path socketPath(Path mainSocket, int port) {
    String name = mainSocket.getFileName().toString();
    String stem = name.endsWith(".sock") ? name.substring(0, name.length() - 5) : name;
    return mainSocket.resolveSibling(stem + "-p" + port + ".sock");
  }

  /** @return "host:port" for messages */
  public String where() {
    return host + ":" + port;
  }
}
