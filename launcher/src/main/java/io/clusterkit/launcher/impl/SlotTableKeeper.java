package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.WorkerState;
import io.clusterkit.launcher.supervisor.SlotView;
import io.clusterkit.verticles.Addresses;
import io.clusterkit.verticles.protocol.Messenger;
import io.clusterkit.verticles.protocol.SlotTable;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The launcher's slot table for messaging: which generation of each slot is READY (from the
 * supervisor's SetRoutable actions, the same decisions the router follows) and each slot's state.
 * On every change it makes a new version, gives it to the launcher's own messenger and publishes
 * it to every worker. Used on the supervisor's context only.
 */
final class SlotTableKeeper {

  private final EventBus bus;
  private final Messenger messenger;
  private final Map<Integer, Integer> readyGens = new HashMap<>();
  private SlotTable current = new SlotTable(0, List.of());
  /** Told each new table after this host's workers: the host directory, with several hosts. */
  private java.util.function.Consumer<SlotTable> published = table -> { };

  SlotTableKeeper(EventBus bus, Messenger messenger) {
    this.bus = bus;
    this.messenger = messenger;
    messenger.update(current);
  }

  /** Follows a SetRoutable action. */
  void routable(int slot, int gen, boolean routable) {
    if (routable) {
      readyGens.put(slot, gen);
    } else {
      readyGens.remove(slot, gen);
    }
  }

  /**
   * Publishes a new version when the slots changed since the last one.
   *
   * @param slots the supervisor's view of every slot
   */
  void publishIfChanged(List<SlotView> slots) {
    List<SlotTable.Entry> entries = new ArrayList<>();
    for (SlotView view : slots) {
      int gen = readyGens.getOrDefault(view.slot(), 0);
      // a READY generation may be an older one still serving while its replacement starts
      WorkerState state = gen > 0 && !view.ready() ? WorkerState.READY : view.state();
      entries.add(new SlotTable.Entry(state.name(), gen));
    }
    if (entries.equals(current.entries())) {
      return;
    }
    current = new SlotTable(current.version() + 1, entries);
    messenger.update(current);
    bus.publish(Addresses.local(Addresses.SLOTS), current.toJson());
    published.accept(current);
  }

  /** Tells listener each new table once this host's workers have it (several hosts). */
  void onPublished(java.util.function.Consumer<SlotTable> listener) {
    this.published = listener;
    listener.accept(current);
  }

  /** @return the newest table */
  SlotTable current() {
    return current;
  }
}
