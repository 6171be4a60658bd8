package io.clusterkit.sticky.impl;

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
      "forward, true,  FORWARD",
      "FORWARD, false, FORWARD",
      "handoff, true,  HANDOFF",
      "' HandOff ', true, HANDOFF"})
  void defaultsToHandoffWhereItWorksAndHonoursTheOperatorsChoice(String requested,
      boolean available, RouterMode expected) {
    assertThat(RouterMode.select(requested, available)).isEqualTo(expected);
  }

  @Test
  void handoffWhereItCannotWorkIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> RouterMode.select("handoff", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(RouterMode.ENV + "=handoff needs Linux");
  }

  @Test
  void unknownModeIsRefusedNamingTheValue() {
    assertThatThrownBy(() -> RouterMode.select("splice", true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(RouterMode.ENV + " must be handoff or forward, was 'splice'");
  }

  @Test
  void idIsTheLowerCaseName() {
    assertThat(RouterMode.HANDOFF.id()).isEqualTo("handoff");
    assertThat(RouterMode.of(RouterMode.FORWARD.id())).isEqualTo(RouterMode.FORWARD);
  }
}
