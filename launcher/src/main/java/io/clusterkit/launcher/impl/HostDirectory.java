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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's entry in a cluster of several hosts: it claims the launcher's name (refusing a
 * name another live launcher holds), writes the host's slot table and workers to the clustered
 * directory {@link Addresses#HOST_DIRECTORY} and publishes them on {@link Addresses#HOSTS} on
 * every change, removes the entries of hosts whose launcher left, and says so in the log, as it
 * does when a split cluster heals.
 *
 * <p>Each launcher's Hazelcast member carries its name as the member attribute
 * {@link #HOST_ATTRIBUTE}, so a launcher that leaves is named from Hazelcast's membership event
 * alone: never from what this process happened to have heard of that host (a host killed before
 * its first publication reached everyone, or while a directory read had dropped it, is still
 * declared gone).
 */
final class HostDirectory {

  /** The Hazelcast member attribute that names a launcher's host. */
  static final String HOST_ATTRIBUTE = "clusterkit.host";

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
   * <p>Of two live launchers with one name, the one that joined first keeps it: Hazelcast's
   * member list, the same on every member, is in join order, and a launcher sees every member
   * that joined before it. So two launchers started at the same moment never both get in.
   *
   * @return a future failed with a {@link LaunchException} ({@link ExitCodes#USAGE}) when a live
   *     launcher of the cluster that joined before this one already has the name
   */
  Future<Void> start() {
    Member twin = olderTwin();
    if (twin != null) {
      return Future.failedFuture(taken(twin.getAddress().getHost()));
    }
    return map().compose(map -> map.putIfAbsent(name, entry()).compose(held -> {
      if (held == null) {
        return Future.<Void>succeededFuture();
      }
      if (held instanceof JsonObject entry && !entry.getString("member", "").equals(member())
          && joinedBefore(entry.getString("member", ""))) {
        return Future.failedFuture(taken(entry.getString("address")));
      }
      return map.put(name, entry());
    })).compose(v -> tables.listen()).onSuccess(v -> {
      hazelcast.getCluster().addMembershipListener(new Watcher());
      hazelcast.getLifecycleService().addLifecycleListener(this::lifecycle);
    });
  }

  private LaunchException taken(String address) {
    return new LaunchException(ExitCodes.USAGE, "launcher name '" + name + "' is already used "
        + "by the launcher at " + address + " in cluster '"
        + hazelcast.getConfig().getClusterName() + "': give each host its own -name");
  }

  /** @return a launcher with this name that joined before this one, or null */
  private Member olderTwin() {
    for (Member m : hazelcast.getCluster().getMembers()) {
      if (m.localMember()) {
        return null;
      }
      if (!m.isLiteMember() && name.equals(m.getAttribute(HOST_ATTRIBUTE))) {
        return m;
      }
    }
    return null;
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

  /** @return whether a member is alive and joined before this launcher */
  private boolean joinedBefore(String member) {
    for (Member m : hazelcast.getCluster().getMembers()) {
      if (m.localMember()) {
        return false;
      }
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
      Member member = event.getMember();
      String host = member.isLiteMember() ? null : member.getAttribute(HOST_ATTRIBUTE);
      if (host == null) {
        return;
      }
      String gone = member.getUuid().toString();
      log.warn("cluster '{}': host {} (launcher at {}) left the cluster; its workers are "
          + "unreachable, its data is served from backups", hazelcast.getConfig()
          .getClusterName(), host, member.getAddress());
      JsonObject notice = new JsonObject().put("host", host).put("member", gone).put("gone", true);
      tables.take(notice);
      // the directory entry goes only if it is still that launcher's: a launcher of the same
      // name started since then has written its own
      map().compose(map -> map.get(host).compose(value -> value instanceof JsonObject json
                  && json.getString("member", "").equals(gone)
                  ? map.remove(host).mapEmpty() : Future.succeededFuture()))
          .onComplete(ar -> vertx.eventBus().publish(Addresses.HOSTS, notice));
    }
  }
}
