package io.clusterkit.launcher.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Events about a worker that is unknown, superseded or gone are ignored (late timers and late
 * reports are normal), while a slot number out of range is a caller's bug.
 */
class SupervisorStaleEventsTest {

  private final SupervisorDriver d = SupervisorDriver.workers(2);

  /** Slot 0: gen 1 crashed, gen 2 spawned and STARTING. Slot 1: gen 1 READY. */
  @BeforeEach
  void slotZeroReplacedItsFirstWorker() {
    d.booted();
    d.respawnAfter(d.exit(0, 1, 1));
  }

  static Stream<Arguments> staleEvents() {
    ExitStatus crash = ExitStatus.fromExitValue(1);
    return Stream.of(
        Arguments.of("Ready from an exited gen", new Event.Ready(0, 1)),
        Arguments.of("Exited again", new Event.Exited(0, 1, crash)),
        Arguments.of("SpawnFailed of an exited gen", new Event.SpawnFailed(0, 1, "late")),
        Arguments.of("Spawned of an exited gen", new Event.Spawned(0, 1, 99)),
        Arguments.of("BootTimeout of an exited gen", new Event.BootTimeout(0, 1)),
        Arguments.of("BootTimeout of a READY worker", new Event.BootTimeout(1, 1)),
        Arguments.of("RespawnDue already spawned", new Event.RespawnDue(0, 2)),
        Arguments.of("RespawnDue of a future gen", new Event.RespawnDue(0, 5)),
        Arguments.of("RespawnDue for an ACTIVE slot", new Event.RespawnDue(1, 2)),
        Arguments.of("Ready of an unknown gen", new Event.Ready(0, 9)),
        Arguments.of("Exited of gen 0", new Event.Exited(1, 0, crash)),
        Arguments.of("GraceExpired while not stopping", new Event.GraceExpired()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("staleEvents")
  void staleEventIsIgnored(String name, Event event) {
    List<SlotView> before = d.supervisor.slots();

    assertThat(d.on(event)).isEmpty();
    assertThat(d.supervisor.slots()).isEqualTo(before);
  }

  static Stream<Arguments> outOfRange() {
    return Stream.of(
        Arguments.of(new Event.Ready(2, 1), "slot 2 is out of range 0..1"),
        Arguments.of(new Event.Spawned(-1, 1, 5), "slot -1 is out of range 0..1"),
        Arguments.of(new Event.RespawnDue(7, 2), "slot 7 is out of range 0..1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outOfRange")
  void slotOutOfRangeIsRejected(Event event, String message) {
    assertThatThrownBy(() -> d.on(event))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void nullEventIsRejected() {
    assertThatThrownBy(() -> d.on(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("event");
  }
}
