package io.clusterkit.launcher.supervisor;

import static io.clusterkit.launcher.supervisor.SupervisorDriver.BACKOFF_INITIAL;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code -spare-delay}: a spare that refills the pool boots only once every serving worker has
 * served for the delay (a worker still starting counts as young), woken by a timer; a slot that
 * needs a process now and a reload's surge never wait; 0 boots at once, as without the delay.
 */
class SupervisorSpareDelayTest {

  private static final Duration DELAY = Duration.ofSeconds(10);
  private static final long SPARE_PID = 9001;

  private final SupervisorDriver d = new SupervisorDriver(
      new SupervisorOptions().setWorkers(2).setSpares(1).setSpareDelay(DELAY));

  private static Action.Schedule delayTimer(List<Action> actions) {
    List<Action.Schedule> timers = only(actions, Action.Schedule.class).stream()
        .filter(s -> s.event() instanceof Event.SpareDelayOver).toList();
    assertThat(timers).as("one SpareDelayOver timer in %s", actions).hasSize(1);
    return timers.get(0);
  }

  /** Lets a delay timer fire when it is due; returns what the supervisor did then. */
  private List<Action> fire(Action.Schedule timer) {
    d.advance(Duration.ofNanos(timer.delayNanos()));
    return d.on(timer.event());
  }

  /** Boots the cluster, lets the first spare boot after the delay, and has it wait. */
  private void bootedWithWaitingSpare() {
    List<Action> booted = bootCluster();
    assertThat(only(fire(delayTimer(booted)), Action.SpawnSpare.class))
        .containsExactly(new Action.SpawnSpare(1, 0));
    d.on(new Event.SpareSpawned(1, SPARE_PID));
    d.on(new Event.SpareWaiting(1));
  }

  /** Starts both slots and makes them READY; returns the last READY's actions. */
  private List<Action> bootCluster() {
    d.started();
    d.ready(0, 1);
    d.advance(Duration.ofMillis(1));
    return d.ready(1, 1);
  }

  @Test
  void firstBootsSpareWaitsUntilTheWorkersHaveServedTheDelay() {
    List<Action> lastReady = bootCluster();

    assertThat(only(lastReady, Action.SpawnSpare.class)).as("the workers are young").isEmpty();
    assertThat(delayTimer(lastReady).delayNanos()).isEqualTo(DELAY.toNanos());
    assertThat(only(lastReady, Action.Note.class)).extracting(Action.Note::message)
        .anySatisfy(m -> assertThat(m).contains("the next spare waits", "-spare-delay 10 s"));
    assertThat(d.supervisor.spareHold()).hasValueSatisfying(hold -> {
      assertThat(hold.slot()).isEqualTo(1);
      assertThat(hold.remainingNanos(d.now)).isEqualTo(DELAY.toNanos());
    });

    d.advance(DELAY.minusMillis(1));
    assertThat(only(d.on(new Event.SpareDue(99)), Action.SpawnSpare.class))
        .as("any event 1 ms early").isEmpty();
    d.advance(Duration.ofMillis(1));
    assertThat(only(d.on(new Event.SpareDelayOver(1)), Action.SpawnSpare.class))
        .containsExactly(new Action.SpawnSpare(1, 0));
    assertThat(d.supervisor.spareHold()).isEmpty();
  }

  @Test
  void promotionHoldsTheNextSpareUntilThePromotedWorkerHasServedTheDelay() {
    bootedWithWaitingSpare();
    d.advance(Duration.ofSeconds(30));

    List<Action> crash = d.exit(1, 1, 137);
    assertThat(only(crash, Action.Assign.class)).containsExactly(new Action.Assign(1, 1, 2, 0));
    assertThat(only(crash, Action.SpawnSpare.class)).isEmpty();
    assertThat(d.supervisor.spareHold()).as("the promoted spare is still starting")
        .hasValueSatisfying(hold -> assertThat(hold.remainingNanos(d.now)).isEqualTo(-1));
    d.advance(Duration.ofMillis(300));
    List<Action> ready = d.ready(1, 2);

    assertThat(only(ready, Action.SpawnSpare.class)).as("slot 1 has served 0 s").isEmpty();
    Action.Schedule timer = delayTimer(ready);
    assertThat(timer.delayNanos()).isEqualTo(DELAY.toNanos());
    assertThat(d.supervisor.spareHold()).hasValueSatisfying(hold -> {
      assertThat(hold.slot()).isEqualTo(1);
      assertThat(hold.gen()).isEqualTo(2);
    });
    d.advance(Duration.ofSeconds(3));
    assertThat(d.supervisor.spareHold().orElseThrow().remainingNanos(d.now))
        .isEqualTo(Duration.ofSeconds(7).toNanos());

    assertThat(only(fire(Duration.ofSeconds(7), timer.event()), Action.SpawnSpare.class))
        .as("slot 1 has served the delay").containsExactly(new Action.SpawnSpare(2, 0));
  }

  private List<Action> fire(Duration after, Event event) {
    d.advance(after);
    return d.on(event);
  }

  @Test
  void secondCrashDuringTheDelayBootsAJvmAfterTheUsualBackoff() {
    bootedWithWaitingSpare();
    d.exit(1, 1, 137);
    d.ready(1, 2);
    d.advance(Duration.ofSeconds(2));

    List<Action> second = d.exit(0, 1, 137);

    assertThat(only(second, Action.Assign.class)).as("no spare to take").isEmpty();
    Action.Schedule backoff = only(second, Action.Schedule.class).stream()
        .filter(s -> s.event() instanceof Event.RespawnDue).findFirst().orElseThrow();
    assertThat(backoff.delayNanos()).as("the backoff without spares, not the spare delay")
        .isEqualTo(BACKOFF_INITIAL.toNanos());
    List<Action> due = fire(Duration.ofNanos(backoff.delayNanos()), backoff.event());
    assertThat(only(due, Action.Spawn.class)).as("a JVM boots for the slot now")
        .containsExactly(new Action.Spawn(0, 2, 0));
    assertThat(only(due, Action.SpawnSpare.class)).isEmpty();
  }

  @Test
  void workerStillStartingHoldsTheSpareUntilItHasServedTheDelay() {
    bootedWithWaitingSpare();
    d.exit(1, 1, 137);
    Action.Schedule slot1 = delayTimer(d.ready(1, 2));
    d.advance(Duration.ofSeconds(2));
    Action.Schedule backoff = only(d.exit(0, 1, 137), Action.Schedule.class).stream()
        .filter(s -> s.event() instanceof Event.RespawnDue).findFirst().orElseThrow();
    fire(Duration.ofNanos(backoff.delayNanos()), backoff.event());
    d.spawned(0, 2);

    List<Action> slot1Served = d.on(slot1.event()); // 0.1 s late: slot 1 has served 10.1 s
    assertThat(only(slot1Served, Action.SpawnSpare.class)).as("slot 0's new JVM still boots")
        .isEmpty();
    assertThat(d.supervisor.spareHold()).hasValueSatisfying(hold -> {
      assertThat(hold.slot()).isEqualTo(0);
      assertThat(hold.starting()).isTrue();
    });
    d.advance(Duration.ofSeconds(4));
    List<Action> ready = d.ready(0, 2);
    assertThat(only(ready, Action.SpawnSpare.class)).isEmpty();
    assertThat(only(fire(delayTimer(ready)), Action.SpawnSpare.class))
        .containsExactly(new Action.SpawnSpare(2, 0));
  }

  @Test
  void spareThatDiesDuringTheDelayIsReplacedOnlyOnceTheWorkersHaveServed() {
    SupervisorDriver two = new SupervisorDriver(new SupervisorOptions().setWorkers(2)
        .setSpares(2).setSpareDelay(DELAY));
    two.booted();
    two.advance(DELAY);
    assertThat(only(two.on(new Event.SpareDelayOver(1)), Action.SpawnSpare.class))
        .containsExactly(new Action.SpawnSpare(1, 0), new Action.SpawnSpare(2, 0));
    for (int spare = 1; spare <= 2; spare++) {
      two.on(new Event.SpareSpawned(spare, SPARE_PID + spare));
      two.on(new Event.SpareWaiting(spare));
    }
    two.exit(1, 1, 137); // slot 1 takes spare 1; spare 2 stays
    List<Action> ready = two.ready(1, 2);
    Action.Schedule timer = only(ready, Action.Schedule.class).stream()
        .filter(s -> s.event() instanceof Event.SpareDelayOver).findFirst().orElseThrow();

    List<Action> died = two.on(new Event.SpareExited(2, ExitStatus.fromExitValue(137)));
    Action.Schedule backoff = only(died, Action.Schedule.class).get(0);
    two.advance(Duration.ofNanos(backoff.delayNanos()));

    assertThat(only(two.on(backoff.event()), Action.SpawnSpare.class))
        .as("its backoff is over, but slot 1 is young").isEmpty();
    two.advance(Duration.ofNanos(timer.delayNanos() - backoff.delayNanos()));
    assertThat(only(two.on(timer.event()), Action.SpawnSpare.class))
        .containsExactly(new Action.SpawnSpare(3, 0), new Action.SpawnSpare(4, 0));
  }

  @Test
  void reloadSurgeBootsAtOnceWhileTheWorkersAreYoungAndOnlyTheRefillWaits() {
    SupervisorDriver four = new SupervisorDriver(new SupervisorOptions().setWorkers(4)
        .setSpares(1).setReloadSurge(2).setSpareDelay(DELAY));
    four.booted(); // the workers are young: the first spare waits

    List<Action> reload = four.on(new Event.ReloadRequested(1));

    assertThat(only(reload, Action.SpawnSpare.class)).as("the surge, young workers or not")
        .containsExactly(new Action.SpawnSpare(1, 1), new Action.SpawnSpare(2, 1),
            new Action.SpawnSpare(3, 1));
    assertThat(only(reload, Action.Assign.class)).containsExactly(new Action.Assign(1, 0, 2, 1));
    for (int spare = 1; spare <= 3; spare++) {
      four.on(new Event.SpareSpawned(spare, SPARE_PID + spare));
    }
    four.advance(Duration.ofSeconds(1));
    List<Action> first = four.ready(0, 2);
    assertThat(only(first, Action.Assign.class)).containsExactly(new Action.Assign(2, 1, 2, 1));
    assertThat(only(first, Action.SpawnSpare.class)).as("two ahead of the steps left")
        .containsExactly(new Action.SpawnSpare(4, 1));
    four.on(new Event.SpareSpawned(4, SPARE_PID + 4));
    four.advance(Duration.ofSeconds(1));
    assertThat(only(four.ready(1, 2), Action.SpawnSpare.class)).isEmpty();
    four.advance(Duration.ofSeconds(1));
    assertThat(only(four.ready(2, 2), Action.SpawnSpare.class))
        .as("no step left to boot for: -spares 1 is a refill, and the new workers are young")
        .isEmpty();
    four.advance(Duration.ofSeconds(1));

    List<Action> last = four.ready(3, 2);

    assertThat(only(last, Action.ReloadDone.class)).extracting(Action.ReloadDone::outcome)
        .containsExactly(Action.ReloadDone.Outcome.DONE);
    assertThat(only(last, Action.SpawnSpare.class)).isEmpty();
    assertThat(four.supervisor.spareHold()).hasValueSatisfying(hold -> {
      assertThat(hold.slot()).isEqualTo(3);
      assertThat(hold.remainingNanos(four.now)).isEqualTo(DELAY.toNanos());
    });
    four.advance(DELAY);
    assertThat(only(four.on(new Event.SpareDelayOver(1)), Action.SpawnSpare.class))
        .containsExactly(new Action.SpawnSpare(5, 1));
  }

  @Test
  void delayZeroBootsTheNextSpareAsSoonAsThePromotedWorkerServes() {
    SupervisorDriver now = new SupervisorDriver(new SupervisorOptions().setWorkers(2)
        .setSpares(1).setSpareDelay(Duration.ZERO));
    now.started().ready(0, 1);
    assertThat(only(now.ready(1, 1), Action.SpawnSpare.class))
        .containsExactly(new Action.SpawnSpare(1, 0));
    now.on(new Event.SpareSpawned(1, SPARE_PID));
    now.on(new Event.SpareWaiting(1));
    now.exit(1, 1, 137);

    List<Action> ready = now.ready(1, 2);

    assertThat(only(ready, Action.SpawnSpare.class)).containsExactly(new Action.SpawnSpare(2, 0));
    assertThat(only(ready, Action.Schedule.class)).extracting(Action.Schedule::event)
        .doesNotHaveAnyElementsOfTypes(Event.SpareDelayOver.class);
    assertThat(now.supervisor.spareHold()).isEmpty();
  }

  @Test
  void stopDuringTheDelayBootsNoSpareAndEndsTheWait() {
    List<Action> booted = bootCluster();

    d.stop();

    assertThat(d.supervisor.spareHold()).isEmpty();
    assertThat(only(fire(delayTimer(booted)), Action.SpawnSpare.class)).isEmpty();
  }

  @Test
  void aLaterYoungerWorkerMovesTheWaitAndStaleTimersChangeNothing() {
    bootedWithWaitingSpare();
    d.advance(Duration.ofSeconds(30));
    d.exit(1, 1, 137); // slot 1 takes the spare
    Action.Schedule first = delayTimer(d.ready(1, 2));
    d.advance(Duration.ofSeconds(4));
    d.on(new Event.ScaleRequested(3)); // a new slot, no spare: a JVM boots for it
    d.spawned(2, 1);
    d.advance(Duration.ofSeconds(2));
    List<Action> thirdReady = d.ready(2, 1);
    assertThat(only(thirdReady, Action.Schedule.class)).extracting(Action.Schedule::event)
        .as("the pending timer fires first and looks again")
        .doesNotHaveAnyElementsOfTypes(Event.SpareDelayOver.class);

    List<Action> early = fire(Duration.ofSeconds(4), first.event());

    assertThat(only(early, Action.SpawnSpare.class)).as("slot 2 has served 4 s").isEmpty();
    Action.Schedule second = delayTimer(early);
    assertThat(second.delayNanos()).isEqualTo(Duration.ofSeconds(6).toNanos());
    assertThat(only(d.on(first.event()), Action.SpawnSpare.class)).as("stale").isEmpty();
    assertThat(only(fire(Duration.ofSeconds(6), second.event()), Action.SpawnSpare.class))
        .containsExactly(new Action.SpawnSpare(2, 0));
  }
}
