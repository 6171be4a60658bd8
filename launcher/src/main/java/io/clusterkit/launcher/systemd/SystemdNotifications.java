package io.clusterkit.launcher.systemd;

import io.clusterkit.launcher.WorkerState;
import io.clusterkit.launcher.supervisor.Action;
import io.clusterkit.launcher.supervisor.Event;
import io.clusterkit.launcher.supervisor.SlotView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the launcher tells systemd ({@code Type=notify}) after each supervisor event, from the
 * event, the supervisor's actions and its slots: {@code READY=1} with {@code MAINPID} once every
 * worker is READY for the first time; {@code RELOADING=1} with {@code MONOTONIC_USEC} when a
 * reload begins and {@code READY=1} when it ends, however it ends; {@code STOPPING=1} once, at
 * a stop or a halt; and a {@code STATUS=} line whenever the count of READY workers or the
 * reload's progress changes. Pure: no socket, no clock of its own, used on the supervisor's
 * context only.
 */
public final class SystemdNotifications {

  private final long pid;
  private boolean ready;
  private boolean reloading;
  private boolean stopping;
  private int reloadSlots;
  private int reloadRelease;
  /** The workers the reload spawned, by slot: the gens whose READY replaces a slot. */
  private final Map<Integer, Set<Integer>> reloadSpawns = new HashMap<>();
  private final Set<Integer> replaced = new HashSet<>();
  private String lastStatus;

  /**
   * Creates the notifications of one launcher.
   *
   * @param pid the launcher's process id, sent as {@code MAINPID}
   */
  public SystemdNotifications(long pid) {
    this.pid = pid;
  }

  /**
   * Says what to send after the supervisor handled an event.
   *
   * @param event the event
   * @param actions the supervisor's actions for it
   * @param slots the supervisor's slots after it
   * @param nowNanos the monotonic clock ({@code System.nanoTime()}, CLOCK_MONOTONIC on Linux)
   * @return the messages to send, in order, each one datagram; empty when nothing changed
   */
  public List<String> after(Event event, List<Action> actions, List<SlotView> slots,
      long nowNanos) {
    List<String> out = new ArrayList<>();
    if (event instanceof Event.StopRequested && !stopping) {
      stopping = true;
      long live = slots.stream().filter(s -> s.state() != WorkerState.EXITED
          && s.state() != WorkerState.FAILED).count();
      out.add(message("STOPPING=1", status("stopping: draining " + live
          + (live == 1 ? " worker" : " workers"))));
    }
    if (event instanceof Event.ReloadRequested reload && !reloading && !stopping
        && actions.stream().noneMatch(SystemdNotifications::refusedReload)) {
      reloading = true;
      replaced.clear();
      reloadSpawns.clear();
      reloadRelease = reload.release();
      reloadSlots = slots.size();
      out.add(message("RELOADING=1", "MONOTONIC_USEC=" + nowNanos / 1000,
          status(reloadProgress())));
    }
    for (Action action : actions) {
      if (action instanceof Action.ClusterReady && !ready) {
        ready = true;
        out.add(message("READY=1", "MAINPID=" + pid, status(readyCount(slots))));
      } else if (action instanceof Action.Spawn spawn && reloading
          && spawn.release() == reloadRelease) {
        reloadSpawns.computeIfAbsent(spawn.slot(), k -> new HashSet<>()).add(spawn.gen());
      } else if (action instanceof Action.Transition move && reloading
          && move.to() == WorkerState.READY
          && reloadSpawns.getOrDefault(move.slot(), Set.of()).contains(move.gen())) {
        replaced.add(move.slot());
      } else if (action instanceof Action.ReloadDone done && reloading && !refusedReload(done)) {
        reloading = false;
        String text = stopping ? done.detail() : done.detail() + "; " + readyCount(slots);
        out.add(stopping ? message(status(text)) : message("READY=1", status(text)));
        lastStatus = readyCount(slots);
      } else if (action instanceof Action.Halt halt && !stopping) {
        stopping = true;
        out.add(message("STOPPING=1", status("stopping: " + halt.reason())));
      }
    }
    if (!stopping) {
      String now = reloading ? reloadProgress() : readyCount(slots);
      if (!now.equals(lastStatus)) {
        out.add(message(status(now)));
      }
    }
    return out;
  }

  private static boolean refusedReload(Action action) {
    return action instanceof Action.ReloadDone done
        && done.outcome() == Action.ReloadDone.Outcome.REFUSED;
  }

  private String readyCount(List<SlotView> slots) {
    long readyNow = slots.stream().filter(SlotView::ready).count();
    return (ready ? "" : "starting: ") + readyNow + "/" + slots.size() + " workers ready";
  }

  private String reloadProgress() {
    return "reloading: " + replaced.size() + "/" + reloadSlots + " slots replaced";
  }

  private String status(String text) {
    lastStatus = text;
    return "STATUS=" + text.replace('\n', ' ');
  }

  private static String message(String... lines) {
    return String.join("\n", lines);
  }
}
