package io.clusterkit.sticky.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class HandoffWireTest {

  @Test
  void reportRoundTripsItsThreeCounts() {
    ByteBuf frame = HandoffWire.report(ByteBufAllocator.DEFAULT, 7, 2, 40);
    try {
      assertThat(frame.readableBytes()).isEqualTo(HandoffWire.REPORT_BYTES);
      assertThat(HandoffWire.Report.read(frame)).isEqualTo(new HandoffWire.Report(7, 2, 40));
      assertThat(frame.readableBytes()).isZero();
    } finally {
      frame.release();
    }
  }

  @Test
  void negativeCountsAreRefusedOnBothEnds() {
    assertThatThrownBy(() -> HandoffWire.report(ByteBufAllocator.DEFAULT, 1, -1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    ByteBuf frame = Unpooled.buffer().writeInt(-5).writeInt(0).writeInt(0);
    assertThatThrownBy(() -> HandoffWire.Report.read(frame))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed hand-off report");
  }

  @Test
  void flowControlPausesBeforeTheInFlightLimitAndResumesWellBelowIt() {
    assertThat(HandoffWire.RESUME_AT).isLessThan(HandoffWire.PAUSE_AT);
    assertThat(HandoffWire.PAUSE_AT).isLessThanOrEqualTo(HandoffWire.MAX_IN_FLIGHT);
  }
}
