package io.clusterkit.launcher.impl;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.clusterkit.launcher.LaunchException;
import io.clusterkit.launcher.WorkerInfo;
import io.clusterkit.launcher.WorkerState;
import io.clusterkit.verticles.Addresses;
import io.clusterkit.verticles.ExitCodes;
import io.clusterkit.verticles.protocol.HostTables;
import io.clusterkit.verticles.protocol.SlotTable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's entry in a cluster of several hosts: it claims the launcher's name (refusing a
 * name another live launcher holds), writes the host's slot table and workers to the clustered
 * directory {@link Addresses#HOST_DIRECTORY} and publishes them on {@link Addresses#HOSTS} on
 * every change, removes the entries of hosts whose launcher left, and says so in the log, as it
 * does when a split cluster heals.
 */
final class HostDirectory {

  private static final Logger log = LoggerFactory.getLogger(HostDirectory.class);

  private final Vertx vertx;
  private final Context context;
  private final HazelcastInstance hazelcast;
  private final String name;
  private final String address;
  private final long epoch = System.currentTimeMillis();
  private final HostTables tables;
  private final Supplier<List<WorkerInfo>> workers;
  private volatile SlotTable latest = new SlotTable(0, List.of());

  HostDirectory(Vertx vertx, Context context, HazelcastInstance hazelcast, String name,
      String address, HostTables tables, Supplier<List<WorkerInfo>> workers) {
    this.vertx = vertx;
    this.context = context;
    this.hazelcast = hazelcast;
    this.name = name;
    this.address = address;
    this.tables = tables;
    this.workers = workers;
  }

  /** @return the cluster's name */
  String clusterName() {
    return hazelcast.getConfig().getClusterName();
  }

  private String member() {
    return hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  /**
   * Claims this launcher's name, listens to the other hosts and watches membership.
   *
   * @return a future failed with a {@link LaunchException} ({@link ExitCodes#USAGE}) when a live
   *     launcher of the cluster already has the name
   */
  Future<Void> start() {
    return map().compose(map -> map.putIfAbsent(name, entry()).compose(held -> {
      if (held == null) {
        return Future.<Void>succeededFuture();
      }
      if (held instanceof JsonObject entry && !entry.getString("member", "").equals(member())
          && alive(entry.getString("member", ""))) {
        return Future.failedFuture(new LaunchException(ExitCodes.USAGE, "launcher name '" + name
            + "' is already used by the launcher at " + entry.getString("address")
            + " in cluster '" + hazelcast.getConfig().getClusterName() + "': give each host "
            + "its own -name"));
      }
      return map.put(name, entry());
    })).compose(v -> tables.listen()).onSuccess(v -> {
      hazelcast.getCluster().addMembershipListener(new Watcher());
      hazelcast.getLifecycleService().addLifecycleListener(this::lifecycle);
    });
  }

  /**
   * Writes and publishes this host's newest slot table and workers; on the supervisor's context.
   *
   * @param table the table just published to this host's workers
   */
  void publish(SlotTable table) {
    latest = table;
    JsonObject entry = entry();
    tables.take(entry);
    map().compose(map -> map.put(name, entry)).onComplete(ar -> {
      if (ar.failed()) {
        log.warn("host {}: the cluster's host directory was not updated: {}", name,
            ar.cause().getMessage());
      }
      vertx.eventBus().publish(Addresses.HOSTS, entry);
    });
  }

  private JsonObject entry() {
    JsonArray list = new JsonArray();
    long now = System.currentTimeMillis();
    for (WorkerInfo info : workers.get()) {
      // when it became READY, in epoch ms, so that readers compute its uptime when they show it
      // (the entry is published only when a slot changes)
      long readySince = info.state() == WorkerState.READY ? now - info.uptime().toMillis() : 0;
      list.add(new JsonObject().put("slot", info.slot()).put("gen", info.gen())
          .put("pid", info.pid()).put("state", info.state().name())
          .put("readySinceMs", readySince).put("restarts", info.restarts()));
    }
    return new JsonObject().put("host", name).put("member", member()).put("epoch", epoch)
        .put("address", address).put("table", latest.toJson()).put("workers", list);
  }

  /**
   * Reads the workers of a published entry.
   *
   * @param entry a host's entry
   * @return its workers, in slot order
   */
  static List<WorkerInfo> workersOf(JsonObject entry) {
    List<WorkerInfo> infos = new java.util.ArrayList<>();
    for (Object item : entry.getJsonArray("workers", new JsonArray())) {
      JsonObject w = (JsonObject) item;
      infos.add(new WorkerInfo(w.getInteger("slot"), w.getInteger("gen"), w.getLong("pid"),
          WorkerState.valueOf(w.getString("state")),
          uptime(w.getLong("readySinceMs", 0L)), w.getInteger("restarts", 0)));
    }
    return infos;
  }

  /**
   * The uptime of a worker of another host, from when it became READY.
   *
   * @param readySinceMs epoch ms, 0 for a worker that is not READY
   * @return the time since then (zero when not READY, or when the hosts' clocks disagree)
   */
  static java.time.Duration uptime(long readySinceMs) {
    return readySinceMs <= 0 ? java.time.Duration.ZERO
        : java.time.Duration.ofMillis(Math.max(0, System.currentTimeMillis() - readySinceMs));
  }

  private boolean alive(String member) {
    for (Member m : hazelcast.getCluster().getMembers()) {
      if (m.getUuid().toString().equals(member)) {
        return true;
      }
    }
    return false;
  }

  private Future<AsyncMap<String, Object>> map() {
    return vertx.sharedData().getClusterWideMap(Addresses.HOST_DIRECTORY);
  }

  private void lifecycle(LifecycleEvent event) {
    switch (event.getState()) {
      case MERGING -> log.warn("cluster '{}': a split has healed; this side merges into the "
          + "other (Hazelcast keeps an entry written on both sides from the bigger side)",
          hazelcast.getConfig().getClusterName());
      case MERGED -> {
        log.warn("cluster '{}': merged after a split, {}", hazelcast.getConfig().getClusterName(),
            ClusterJoin.describe(hazelcast));
        context.runOnContext(v -> publish(latest));
      }
      default -> { }
    }
  }

  /** Logs members coming and going, and removes the directory entry of a launcher that left. */
  private final class Watcher implements MembershipListener {

    @Override
    public void memberAdded(MembershipEvent event) {
      if (!event.getMember().isLiteMember()) {
        log.info("cluster '{}': launcher at {} joined ({})",
            hazelcast.getConfig().getClusterName(), event.getMember().getAddress(),
            ClusterJoin.describe(hazelcast));
        context.runOnContext(v -> publish(latest));
      }
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      if (event.getMember().isLiteMember()) {
        return;
      }
      UUID gone = event.getMember().getUuid();
      for (var held : tables.entries().entrySet()) {
        if (held.getValue().getString("member", "").equals(gone.toString())) {
          log.warn("cluster '{}': host {} (launcher at {}) left the cluster; its workers are "
              + "unreachable, its data is served from backups", hazelcast.getConfig()
              .getClusterName(), held.getKey(), event.getMember().getAddress());
          JsonObject notice = new JsonObject().put("host", held.getKey())
              .put("member", gone.toString()).put("gone", true);
          tables.take(notice);
          map().compose(map -> map.get(held.getKey()).compose(value -> value instanceof JsonObject
                  json && json.getString("member", "").equals(gone.toString())
                  ? map.remove(held.getKey()).mapEmpty() : Future.succeededFuture()))
              .onComplete(ar -> vertx.eventBus().publish(Addresses.HOSTS, notice));
        }
      }
    }
  }
}
