package io.clusterkit.verticles.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.sticky.WorkerTransport;
import io.netty.channel.ServerChannel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxTestContext;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The worker's transport shares every listen on a port other than 0 and leaves port 0 alone:
 * a shared server binds privately on 127.0.0.1 and never accepts, and its listen completes or
 * fails as the launcher answers.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ListenInterceptorTest {

  private final RecordingTransport transport = new RecordingTransport(WorkerTransport.EPOLL);
  private final Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(1))
      .withTransport(transport).build();
  private final List<InetSocketAddress> asked = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private NetServer listen(int port) throws Exception {
    NetServer server = vertx.createNetServer().connectHandler(socket -> socket.close());
    return server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void sharedListenBindsPrivatelyAndNeverAccepts() throws Exception {
    transport.share((channel, requested) -> {
      asked.add(requested);
      return Future.succeededFuture();
    });
    int port = freePort();
    NetServer server = listen(port);
    assertThat(asked).extracting(InetSocketAddress::getPort).containsExactly(port);
    ServerChannel channel = transport.serverChannel(server.actualPort(), Set.of()).orElseThrow();
    InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
    assertThat(bound.getAddress().isLoopbackAddress()).as("bound privately").isTrue();
    assertThat(bound.getPort()).as("never the public port").isNotEqualTo(port);
    assertThat(channel.config().isAutoRead()).as("the private port never accepts").isFalse();
  }

  @Test
  void listenOnPortZeroIsLeftAlone() throws Exception {
    transport.share((channel, requested) -> {
      asked.add(requested);
      return Future.succeededFuture();
    });
    NetServer server = listen(0);
    assertThat(asked).as("port 0 is private: nothing shared").isEmpty();
    assertThat(server.actualPort()).isPositive();
  }

  @Test
  void listenFailsWithTheLaunchersReason() throws Exception {
    transport.share((channel, requested) -> Future.failedFuture(
        "port " + requested.getPort() + " on 127.0.0.1 is already in use"));
    int port = freePort();
    VertxTestContext failed = new VertxTestContext();
    vertx.createNetServer().connectHandler(socket -> socket.close()).listen(port, "127.0.0.1")
        .onComplete(failed.failing(e -> failed.verify(() -> {
          assertThat(e).isInstanceOf(BindException.class)
              .hasMessage("port " + port + " on 127.0.0.1 is already in use");
          failed.completeNow();
        })));
    assertThat(failed.awaitCompletion(10, TimeUnit.SECONDS)).isTrue();
    if (failed.failed()) {
      throw new AssertionError(failed.causeOfFailure());
    }
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
