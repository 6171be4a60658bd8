package io.clusterkit.sticky.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.sticky.ConnectionRouter;
import io.clusterkit.sticky.RendezvousBalancer;
import io.clusterkit.sticky.SlotLoad;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behind a load balancer ({@code acceptProxyProtocol}): the router reads the PROXY v1 or v2
 * header, balances on the client it names, and the worker sees that client; a malformed header
 * closes that connection alone.
 */
@Timeout(60)
class InboundProxyProtocolTest {

  @TempDir
  Path dir;

  private RouterFixture fixture;
  private final RendezvousBalancer balancer = new RendezvousBalancer();
  private int port;

  @BeforeEach
  void start() throws Exception {
    fixture = new RouterFixture(dir);
    SocketAddress a = await(fixture.unixBackend("w0"));
    SocketAddress b = await(fixture.unixBackend("w1"));
    fixture.table.route(0, 1, a);
    fixture.table.route(1, 1, b);
    fixture.router = ConnectionRouter.create(fixture.vertx,
        RouterFixture.options().setAcceptProxyProtocol(true), balancer, fixture.table);
    port = await(fixture.router.listen());
  }

  @AfterEach
  void stop() throws Exception {
    await(fixture.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** Sends header bytes then a GET, returns the whole answer (empty when closed unanswered). */
  private String exchange(byte[] header) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(header);
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        socket.getInputStream().transferTo(out);
      } catch (IOException reset) {
        // a reset after a malformed header: nothing was answered
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static byte[] v1(String client, int clientPort) {
    return ("PROXY TCP4 " + client + " 192.0.2.1 " + clientPort + " 443\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] v2(String client, int clientPort) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(28);
    header.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
    header.put((byte) 0x21).put((byte) 0x11).putShort((short) 12);
    header.put(InetAddress.getByName(client).getAddress());
    header.put(InetAddress.getByName("192.0.2.1").getAddress());
    header.putShort((short) clientPort).putShort((short) 443);
    return header.array();
  }

  private int expectedSlot(String client) throws IOException {
    return balancer.pick(InetAddress.getByName(client).getAddress(),
        List.of(new SlotLoad(0, 0), new SlotLoad(1, 0)));
  }

  @Test
  void v1HeaderNamesTheClientTheWorkerSeesAndTheSlot() throws Exception {
    for (String client : List.of("203.0.113.7", "198.51.100.23", "192.0.2.200")) {
      String answer = exchange(v1(client, 40000));
      assertThat(answer).as("answer for %s", client).startsWith("HTTP/1.1 200")
          .contains("w" + expectedSlot(client) + " " + client + ":40000 192.0.2.1:443");
    }
  }

  @Test
  void v2HeaderNamesTheClientTheWorkerSeesAndTheSlot() throws Exception {
    for (String client : List.of("203.0.113.7", "198.51.100.23", "192.0.2.200")) {
      String answer = exchange(v2(client, 41000));
      assertThat(answer).as("answer for %s", client).startsWith("HTTP/1.1 200")
          .contains("w" + expectedSlot(client) + " " + client + ":41000 192.0.2.1:443");
    }
  }

  @Test
  void malformedHeaderClosesThatConnectionAndNothingElse() throws Exception {
    String rejected = exchange("HELLO I AM NOT A PROXY HEADER\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(rejected).as("answer to a malformed header").isEmpty();
    assertThat(exchange(v1("203.0.113.9", 40001))).startsWith("HTTP/1.1 200")
        .contains("203.0.113.9:40001");
  }
}
