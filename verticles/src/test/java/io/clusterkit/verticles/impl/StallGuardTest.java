package io.clusterkit.verticles.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.verticles.protocol.ConnectionLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stall limits of one HTTP/1.x connection, on an embedded channel with a frozen clock: a
 * head, a body and a silence each closed at their limit and not before, a response in progress
 * or an upgraded connection never.
 */
@Timeout(10)
class StallGuardTest {

  private static final ConnectionLimits LIMITS = new ConnectionLimits(Duration.ofSeconds(60),
      Duration.ofSeconds(75), Duration.ofSeconds(300), 0);

  private final StallGuard.Tally tally = new StallGuard.Tally();

  /** Answers 200 (or 101 for an Upgrade) once a request's body has ended, unless told not to. */
  private static final class Responder extends ChannelInboundHandlerAdapter {
    boolean answer = true;
    boolean flush = true;
    boolean upgrade;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest request) {
        upgrade = request.headers().contains(HttpHeaderNames.UPGRADE);
      }
      boolean last = msg instanceof LastHttpContent;
      ReferenceCountUtil.release(msg);
      if (last && answer) {
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
            upgrade ? HttpResponseStatus.SWITCHING_PROTOCOLS : HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        if (flush) {
          ctx.writeAndFlush(response);
        } else {
          ctx.write(response); // stays pending, as for a client that reads nothing
        }
      }
    }
  }

  private final Responder responder = new Responder();

  private EmbeddedChannel channel(ConnectionLimits limits) {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.freezeTime();
    channel.pipeline().addLast("httpDecoder", new HttpRequestDecoder());
    channel.pipeline().addLast("httpEncoder", new HttpResponseEncoder());
    channel.pipeline().addLast("handler", responder);
    StallGuard.install(channel, limits, tally);
    return channel;
  }

  private static void send(EmbeddedChannel channel, String text) {
    channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
  }

  private static void after(EmbeddedChannel channel, int seconds) {
    channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
  }

  private static String written(EmbeddedChannel channel) {
    StringBuilder out = new StringBuilder();
    Object msg;
    while ((msg = channel.readOutbound()) != null) {
      if (msg instanceof ByteBuf bytes) {
        out.append(bytes.toString(StandardCharsets.US_ASCII));
      }
      ReferenceCountUtil.release(msg);
    }
    return out.toString();
  }

  @Test
  void headStillIncompleteAtTheLimitIsAnswered408AndClosed() {
    EmbeddedChannel channel = channel(LIMITS);
    send(channel, "GET / HTTP/1.1\r\nHost: a\r\n");
    after(channel, 30);
    send(channel, "X-Slow: 1\r\n");
    after(channel, 29);
    assertThat(channel.isActive()).as("59 s after the head's first byte").isTrue();

    after(channel, 2);

    assertThat(channel.isActive()).isFalse();
    assertThat(written(channel)).startsWith("HTTP/1.1 408 Request Timeout\r\n");
    assertThat(tally.headTimeouts.sum()).isEqualTo(1);
  }

  @Test
  void silentConnectionIsClosedAtTheKeepAliveLimitFromItsLastResponse() {
    EmbeddedChannel channel = channel(LIMITS);
    after(channel, 50);
    send(channel, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(written(channel)).startsWith("HTTP/1.1 200 OK");
    after(channel, 74);
    assertThat(channel.isActive()).as("74 s after its response").isTrue();

    after(channel, 2);

    assertThat(channel.isActive()).isFalse();
    assertThat(written(channel)).as("a silent close, no 408").isEmpty();
    assertThat(tally.idleTimeouts.sum()).isEqualTo(1);
  }

  @Test
  void newConnectionThatNeverSendsIsClosedAtTheKeepAliveLimit() {
    EmbeddedChannel channel = channel(LIMITS);
    after(channel, 74);
    assertThat(channel.isActive()).isTrue();

    after(channel, 2);

    assertThat(channel.isActive()).isFalse();
  }

  @Test
  void bodyThatNeverEndsIsClosedAtTheRequestLimit() {
    EmbeddedChannel channel = channel(LIMITS);
    send(channel, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n0123456789");
    for (int i = 0; i < 29; i++) {
      after(channel, 10);
      send(channel, "x");
    }
    assertThat(channel.isActive()).as("290 s after its head").isTrue();

    after(channel, 11);

    assertThat(channel.isActive()).isFalse();
    assertThat(tally.requestTimeouts.sum()).isEqualTo(1);
    assertThat(tally.headTimeouts.sum()).as("body bytes start no head clock").isZero();
  }

  @Test
  void steadyKeepAliveTrafficIsNeverClosed() {
    EmbeddedChannel channel = channel(LIMITS);
    for (int i = 0; i < 20; i++) {
      send(channel, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
      after(channel, 70);
    }
    assertThat(channel.isActive()).isTrue();
    assertThat(written(channel).split("HTTP/1.1 200 OK", -1)).hasSize(21);
  }

  @Test
  void requestWhoseResponseIsStillComingIsNotCut() {
    EmbeddedChannel channel = channel(LIMITS);
    responder.answer = false;
    send(channel, "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");

    after(channel, 1000);

    assertThat(channel.isActive()).isTrue();
  }

  @Test
  void answerNothingMoreOfWhichCanBeWrittenIsClosedAtTheKeepAliveLimit() {
    EmbeddedChannel channel = channel(LIMITS);
    responder.flush = false;
    send(channel, "GET /big HTTP/1.1\r\nHost: a\r\n\r\n");
    for (int i = 0; i < 13; i++) {
      after(channel, 10);
    }
    assertThat(channel.isActive()).as("less than 75 s since the check that saw it stuck")
        .isTrue();

    after(channel, 10);
    after(channel, 10);

    assertThat(channel.isActive()).isFalse();
    assertThat(tally.sendTimeouts.sum()).isEqualTo(1);
  }

  @Test
  void upgradedConnectionIsLeftAlone() {
    EmbeddedChannel channel = channel(LIMITS);
    send(channel, "GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
    assertThat(written(channel)).startsWith("HTTP/1.1 101 Switching Protocols");
    assertThat(channel.pipeline().get(StallGuard.NAME)).isNull();
    assertThat(channel.pipeline().get(StallGuard.BYTES_NAME)).isNull();

    after(channel, 1000);

    assertThat(channel.isActive()).isTrue();
  }

  @Test
  void limitsOffInstallNothing() {
    EmbeddedChannel channel = channel(ConnectionLimits.NONE);

    assertThat(channel.pipeline().get(StallGuard.NAME)).isNull();
    after(channel, 100_000);
    assertThat(channel.isActive()).isTrue();
  }
}
