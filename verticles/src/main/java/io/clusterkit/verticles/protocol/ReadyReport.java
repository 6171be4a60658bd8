package io.clusterkit.verticles.protocol;

import io.clusterkit.verticles.Addresses;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.util.Objects;

/**
 * A worker's READY report: sent once, as a request to {@link Addresses#LAUNCHER_READY}, when its
 * verticles are deployed; the launcher replies with its {@link SlotTable} once it has recorded
 * it. The worker writes it with {@link #toJson()}, the launcher reads it with
 * {@link #fromJson(JsonObject)}. With an HTTP health check the launcher routes to the worker only
 * once a check of it, at {@link #probe()}, has passed.
 *
 * @param slot the worker's slot
 * @param gen the worker's generation in its slot
 * @param pid the worker's process id, -1 when unknown
 * @param serving whether a verticle of the worker has called {@code serve()}
 * @param probe where the worker's own server answers the launcher's health checks (a Unix
 *     domain socket or a loopback host and port), or null when the launcher runs none
 * @param boot where the worker's boot went, or null when it did not say (an older worker)
 * @param sentAt when the worker sent the report, epoch milliseconds, or -1 when it did not say
 * @param probeTls whether the server at {@code probe} speaks TLS (a server of the worker's own
 *     with TLS, checked through its probe; never {@code serve()}'s probe listener)
 */
public record ReadyReport(int slot, int gen, long pid, boolean serving, SocketAddress probe,
    BootPhases boot, long sentAt, boolean probeTls) {

  /**
   * A report whose probe, if any, speaks plain HTTP.
   *
   * @param slot the worker's slot
   * @param gen the worker's generation in its slot
   * @param pid the worker's process id, -1 when unknown
   * @param serving whether a verticle of the worker has called {@code serve()}
   * @param probe where the worker answers health checks, or null
   * @param boot where the worker's boot went, or null
   * @param sentAt when the worker sent the report, epoch milliseconds, or -1
   */
  public ReadyReport(int slot, int gen, long pid, boolean serving, SocketAddress probe,
      BootPhases boot, long sentAt) {
    this(slot, gen, pid, serving, probe, boot, sentAt, false);
  }

  /**
   * A report without boot phases.
   *
   * @param slot the worker's slot
   * @param gen the worker's generation in its slot
   * @param pid the worker's process id, -1 when unknown
   * @param serving whether a verticle of the worker has called {@code serve()}
   * @param probe where the worker answers health checks, or null
   */
  public ReadyReport(int slot, int gen, long pid, boolean serving, SocketAddress probe) {
    this(slot, gen, pid, serving, probe, null, -1);
  }

  /**
   * What a worker sends to {@link Addresses#LAUNCHER_READY} as soon as it has joined, beside its
   * deploy: the launcher answers it at once and records nothing. It takes the first event-bus
   * message's costs (the lookup of the launcher's address, a connection each way) off the READY
   * report's path, where they cost 0.5-1.7 s on a loaded 2-core machine.
   *
   * @return the warm-up message
   */
  public static JsonObject warmUp() {
    return new JsonObject().put("warmUp", true);
  }

  /**
   * @param json a message to {@link Addresses#LAUNCHER_READY}
   * @return whether it is a {@link #warmUp()}, to be answered without reading it as a report
   */
  public static boolean isWarmUp(JsonObject json) {
    return json != null && Boolean.TRUE.equals(json.getValue("warmUp"));
  }

  /** @return the report as a worker sends it */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("slot", slot)
        .put("gen", gen)
        .put("pid", pid)
        .put("serving", serving);
    if (probe != null) {
      JsonObject where = probe.isDomainSocket()
          ? new JsonObject().put("path", probe.path())
          : new JsonObject().put("host", probe.host()).put("port", probe.port());
      json.put("probe", probeTls ? where.put("tls", true) : where);
    }
    if (boot != null) {
      json.put("boot", boot.toJson());
    }
    if (sentAt >= 0) {
      json.put("sentAt", sentAt);
    }
    return json;
  }

  /**
   * Reads a report as the launcher receives it. A probe address that is malformed (no path, no
   * host, or a port out of 1..65535) reads as none, and so do boot phases that are missing or
   * malformed.
   *
   * @param json what {@link #toJson()} wrote
   * @return the report
   * @throws IllegalArgumentException when json names no slot or generation
   */
  public static ReadyReport fromJson(JsonObject json) {
    Objects.requireNonNull(json, "json");
    if (!(json.getValue("slot") instanceof Number slot)
        || !(json.getValue("gen") instanceof Number gen)) {
      throw new IllegalArgumentException("not a READY report (no slot or gen): " + json.encode());
    }
    Object pid = json.getValue("pid");
    return new ReadyReport(slot.intValue(), gen.intValue(),
        pid instanceof Number n ? n.longValue() : -1L,
        Boolean.TRUE.equals(json.getValue("serving")), probeOf(json.getValue("probe")),
        json.getValue("boot") instanceof JsonObject boot ? BootPhases.fromJson(boot) : null,
        json.getValue("sentAt") instanceof Number sent ? Math.max(-1, sent.longValue()) : -1,
        json.getValue("probe") instanceof JsonObject probe
            && Boolean.TRUE.equals(probe.getValue("tls")));
  }

  private static SocketAddress probeOf(Object probe) {
    if (!(probe instanceof JsonObject json)) {
      return null;
    }
    Object path = json.getValue("path");
    if (path instanceof String p && !p.isBlank()) {
      return SocketAddress.domainSocketAddress(p);
    }
    Object host = json.getValue("host");
    Object port = json.getValue("port");
    if (host instanceof String h && port instanceof Number n && n.intValue() > 0
        && n.intValue() <= 65_535) {
      return SocketAddress.inetSocketAddress(n.intValue(), h);
    }
    return null;
  }
}
