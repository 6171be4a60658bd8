package io.clusterkit.sticky;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SlotLoadTest {

  @Test
  void refusesNegativeValues() {
    assertThatThrownBy(() -> new SlotLoad(-1, 0)).hasMessage("slot must be >= 0, was -1");
    assertThatThrownBy(() -> new SlotLoad(0, -2)).hasMessage("connections must be >= 0, was -2");
  }
}
