package io.clusterkit.sticky.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HeadScannerTest {

  private static ByteBuf text(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
  }

  @Test
  void findsTheEndOfAHeadSplitAcrossBuffers() {
    HeadScanner scanner = new HeadScanner();
    assertThat(scanner.feed(text("GET / HTTP/1.1\r\nHost: a\r"))).isFalse();
    assertThat(scanner.feed(text("\n\r"))).isFalse();
    assertThat(scanner.feed(text("\nbody"))).isTrue();
  }

  @Test
  void acceptsBareLineFeeds() {
    assertThat(new HeadScanner().feed(text("GET / HTTP/1.0\n\n"))).isTrue();
  }

  @Test
  void givesUpOnAnEndlessHead() {
    HeadScanner scanner = new HeadScanner();
    assertThat(scanner.feed(text("X".repeat(ServiceUnavailable.MAX_HEAD - 1)))).isFalse();
    assertThat(scanner.feed(text("X"))).isTrue();
  }
}
