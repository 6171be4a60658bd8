package io.clusterkit.sticky.impl;

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
    ServiceUnavailable.HeadScanner scanner = new ServiceUnavailable.HeadScanner();
    assertThat(scanner.feed(text("GET / HTTP/1.1\r\nHost: a\r"))).isFalse();
    assertThat(scanner.feed(text("\n\r"))).isFalse();
    assertThat(scanner.feed(text("\nbody"))).isTrue();
  }

  @Test
  void acceptsBareLineFeeds() {
    assertThat(new ServiceUnavailable.HeadScanner().feed(text("GET / HTTP/1.0\n\n"))).isTrue();
  }

  @Test
  void givesUpOnAnEndlessHead() {
    ServiceUnavailable.HeadScanner scanner = new ServiceUnavailable.HeadScanner();
    assertThat(scanner.feed(text("X".repeat(ServiceUnavailable.MAX_HEAD - 1)))).isFalse();
    assertThat(scanner.feed(text("X"))).isTrue();
  }

  @Test
  void theAnswerSaysCloseAndRetry() {
    String answer = new String(ServiceUnavailable.RESPONSE, StandardCharsets.US_ASCII);
    assertThat(answer).startsWith("HTTP/1.1 503 Service Unavailable\r\n")
        .contains("\r\nConnection: close\r\n", "\r\nRetry-After: 1\r\n",
            "\r\nContent-Type: text/plain; charset=utf-8\r\n",
            "\r\nContent-Length: " + ServiceUnavailable.BODY.length() + "\r\n")
        .endsWith("\r\n\r\n" + ServiceUnavailable.BODY);
  }
}
