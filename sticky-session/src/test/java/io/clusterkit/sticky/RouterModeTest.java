package io.clusterkit.sticky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class RouterModeTest {

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      "null,    true,  HANDOFF",
      "null,    false, FORWARD",
      "'  ',    true,  HANDOFF",
      "auto,    true,  HANDOFF",
      "AUTO,    false, FORWARD",
      "forward, true,  FORWARD",
      "FORWARD, false, FORWARD",
      "handoff, true,  HANDOFF",
      "' HandOff ', true, HANDOFF"})
  void defaultsToHandoffWhereItWorksAndHonoursTheOperatorsChoice(String requested,
      boolean available, RouterMode expected) {
    assertThat(RouterMode.select(requested, available)).isEqualTo(expected);
  }

  @Test
  void handoffWhereItCannotWorkIsRefusedSayingWhy() {
    assertThatThrownBy(() -> RouterMode.select("handoff", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("router handoff needs Linux");
  }

  @Test
  void unknownChoiceIsRefusedNamingTheValue() {
    assertThatThrownBy(() -> RouterMode.select("splice", true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("router must be auto, handoff or forward, was 'splice'");
  }

  @Test
  void reuseportIsAWorkerModeNotARouterChoice() {
    assertThat(RouterMode.of("reuseport")).isEqualTo(RouterMode.REUSEPORT);
    assertThatThrownBy(() -> RouterMode.checkChoice("reuseport"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("router must be auto, handoff or forward, was 'reuseport'");
  }

  @Test
  void unknownWorkerModeIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> RouterMode.of("splice"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(RouterMode.ENV + " must be handoff, forward or reuseport, was 'splice'");
  }

  @Test
  void theProbedCauseIsNamedWhenHandoffIsAskedForAndCannotWork() {
    assertThatThrownBy(() -> RouterMode.select("handoff", () -> "no epoll here"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no epoll here");
    assertThat(RouterMode.select("auto", () -> "no epoll here")).isEqualTo(RouterMode.FORWARD);
    assertThat(RouterMode.select("forward", () -> {
      throw new AssertionError("forward needs no probe");
    })).isEqualTo(RouterMode.FORWARD);
  }

  @Test
  void idIsTheLowerCaseName() {
    assertThat(RouterMode.HANDOFF.id()).isEqualTo("handoff");
    assertThat(RouterMode.of(RouterMode.FORWARD.id())).isEqualTo(RouterMode.FORWARD);
  }
}
