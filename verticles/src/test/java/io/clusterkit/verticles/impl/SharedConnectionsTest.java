package io.clusterkit.verticles.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The drain of a raw TCP server's connections (a protocol ClusterKit cannot read into): they keep
 * working through the grace period and are closed at its end, and the drain completes then.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SharedConnectionsTest {

  private final Vertx vertx = Vertx.vertx();
  private final SharedConnections connections = new SharedConnections("slot 0 gen 1", false);

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void rawConnectionWorksThroughTheGraceAndIsClosedAtItsEnd() throws Exception {
    CompletableFuture<Channel> tracked = new CompletableFuture<>();
    NetServer server = vertx.createNetServer().connectHandler(socket -> {
      Channel channel = ((NetSocketInternal) socket).channelHandlerContext().channel();
      connections.track(channel);
      tracked.complete(channel);
      socket.handler(socket::write);
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try (Socket client = new Socket("127.0.0.1", server.actualPort())) {
      client.setSoTimeout(10_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
          StandardCharsets.US_ASCII));
      tracked.get(10, TimeUnit.SECONDS);
      assertThat(connections.open()).isEqualTo(1);

      long begun = System.nanoTime();
      CompletableFuture<Void> drained = connections.drain(vertx, Duration.ofMillis(1_500))
          .toCompletionStage().toCompletableFuture();
      client.getOutputStream().write("still served\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(in.readLine()).as("an answer while draining").isEqualTo("still served");
      assertThat(drained).as("the drain waits for the grace's end").isNotDone();

      drained.get(10, TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - begun))
          .isGreaterThanOrEqualTo(Duration.ofMillis(1_400));
      assertThat(in.read()).as("closed at the grace's end").isEqualTo(-1);
      assertThat(connections.open()).isZero();
      assertThat(connections.draining()).isTrue();
    }
  }

  @Test
  void drainWithNothingOpenCompletesAtOnce() throws Exception {
    connections.drain(vertx, Duration.ofSeconds(20)).toCompletionStage().toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }
}
