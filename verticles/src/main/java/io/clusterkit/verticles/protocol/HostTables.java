package io.clusterkit.verticles.protocol;

import io.clusterkit.verticles.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a process knows of every host of a cluster of several hosts: the newest entry each
 * launcher published on {@link Addresses#HOSTS} (its slot table, its workers), kept per launcher
 * name. A host's own launcher stays the one truth about its slots; everyone else learns them from
 * its publications, and, for a host not heard of yet (this process started after its last
 * change), from the clustered map {@link Addresses#HOST_DIRECTORY} the launchers keep, which is
 * also read again every {@link #REFRESH_MS} ms to catch what a publication missed. Thread-safe.
 */
public final class HostTables {

  /** How often the directory is read again, besides the publications. */
  public static final long REFRESH_MS = 5_000;

  private final Vertx vertx;
  private final Supplier<Future<AsyncMap<String, Object>>> directory;
  private final Map<String, JsonObject> entries = new ConcurrentHashMap<>();
  // System.nanoTime() when each held entry was taken: a directory read begun before then cannot
  // say the host is gone
  private final Map<String, Long> takenAt = new ConcurrentHashMap<>();
  private volatile Consumer<String> onChange = host -> { };

  /**
   * Creates tables that know no host yet.
   *
   * @param vertx the clustered Vert.x of this process
   */
  public HostTables(Vertx vertx) {
    this(vertx, () -> vertx.sharedData().getClusterWideMap(Addresses.HOST_DIRECTORY));
  }

  /**
   * Creates tables that read the directory from the given map (a local one in tests).
   *
   * @param vertx this process's Vert.x
   * @param directory gives the directory map
   */
  HostTables(Vertx vertx, Supplier<Future<AsyncMap<String, Object>>> directory) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  /**
   * Listens to the hosts' publications and reads the directory once.
   *
   * @return a future completed once the subscription is known to the cluster and the directory
   *     read
   */
  public Future<Void> listen() {
    Future<Void> listening = vertx.eventBus().<JsonObject>consumer(Addresses.HOSTS,
            m -> take(m.body()))
        .completion()
        .compose(v -> refresh());
    // and again now and then: a publication can be missed while a split heals or a
    // subscription spreads, the directory is there to catch up with
    vertx.setPeriodic(REFRESH_MS, id -> refresh());
    return listening;
  }

  /**
   * Reads the directory and keeps each entry newer than the one held.
   *
   * @return a future completed once read
   */
  public Future<Void> refresh() {
    long started = System.nanoTime();
    return directory().compose(map -> map.entries()).map(all -> {
      all.values().forEach(value -> {
        if (value instanceof JsonObject json) {
          take(json);
        }
      });
      // a launcher writes the directory before it publishes, and the launchers remove the entry
      // of one that left: a host the directory no longer has is gone, unless what is held was
      // published after this read began (a launcher that joined meanwhile)
      for (String host : List.copyOf(entries.keySet())) {
        if (!all.containsKey(host) && takenAt.getOrDefault(host, started) - started < 0) {
          JsonObject held = entries.remove(host);
          if (held != null) {
            takenAt.remove(host);
            onChange.accept(host);
          }
        }
      }
      return null;
    });
  }

  /**
   * Calls listener with a host's name after each change of its entry (on the publishing thread).
   *
   * @param listener the listener
   */
  public void onChange(Consumer<String> listener) {
    this.onChange = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Keeps an entry if it is newer than the one held for its host: a later launcher life
   * ({@code epoch}), the same life's later slot table, or the same table under the member id
   * the launcher has after a split healed; a {@code gone} notice removes the host.
   *
   * @param entry a published entry
   */
  public void take(JsonObject entry) {
    if (entry == null || entry.getString("host") == null) {
      return;
    }
    String host = entry.getString("host");
    if (entry.getBoolean("gone", false)) {
      JsonObject held = entries.get(host);
      if (held != null && Objects.equals(held.getString("member"), entry.getString("member"))) {
        entries.remove(host, held);
        onChange.accept(host);
      }
      return;
    }
    // stamped before the entry is held, so that no directory read begun earlier removes it
    takenAt.put(host, System.nanoTime());
    JsonObject kept = entries.merge(host, entry, (held, fresh) -> newer(fresh, held) ? fresh : held);
    if (kept == entry) {
      onChange.accept(host);
    }
  }

  private static boolean newer(JsonObject fresh, JsonObject held) {
    long freshEpoch = fresh.getLong("epoch", 0L);
    long heldEpoch = held.getLong("epoch", 0L);
    if (freshEpoch != heldEpoch) {
      return freshEpoch > heldEpoch;
    }
    if (version(fresh) != version(held)) {
      return version(fresh) > version(held);
    }
    // the same table from another member id: Hazelcast gives a member a new id when it merges
    // back after a split, and the launcher publishes itself again under it
    return !Objects.equals(fresh.getString("member"), held.getString("member"));
  }

  private static long version(JsonObject entry) {
    JsonObject table = entry.getJsonObject("table");
    return table == null ? -1 : table.getLong("version", -1L);
  }

  /**
   * The newest slot table of a host, from what was published, else from the directory.
   *
   * @param host a launcher's name
   * @return a future completed with the table, or failed with a {@link ReplyException}
   *     ({@code NO_HANDLERS}) naming the hosts known when there is no such host
   */
  public Future<SlotTable> table(String host) {
    JsonObject held = entries.get(host);
    if (held != null) {
      return Future.succeededFuture(SlotTable.fromJson(held.getJsonObject("table")));
    }
    return directory().compose(map -> map.get(host)).compose(value -> {
      if (value instanceof JsonObject json) {
        take(json);
        return Future.succeededFuture(SlotTable.fromJson(json.getJsonObject("table")));
      }
      return Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS,
          "no host named '" + host + "' in the cluster (hosts: " + names() + ")"));
    });
  }

  /**
   * The newest slot table held for a host, without asking the directory.
   *
   * @param host a launcher's name
   * @return the table, or null when none is held
   */
  public SlotTable held(String host) {
    JsonObject entry = entries.get(host);
    return entry == null ? null : SlotTable.fromJson(entry.getJsonObject("table"));
  }

  /** @return the newest entry of every host, by launcher name, in name order */
  public Map<String, JsonObject> entries() {
    return new TreeMap<>(entries);
  }

  /** @return the hosts' names, in order */
  public List<String> names() {
    return List.copyOf(new TreeMap<>(entries).keySet());
  }

  private Future<AsyncMap<String, Object>> directory() {
    return directory.get();
  }
}
