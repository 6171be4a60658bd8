package io.clusterkit.verticles.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.sticky.RendezvousBalancer;
import io.clusterkit.sticky.SlotLoad;
import io.clusterkit.sticky.WorkerTransport;
import io.clusterkit.verticles.impl.HandoffFixture.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Socket hand-off behind a load balancer: the launcher reads each connection's PROXY v1 or v2
 * header, balances on the client it names, and hands the socket over with the header beside it;
 * the worker's server parses that header and sees the client. A malformed header closes that
 * connection alone.
 */
@Timeout(120)
class HandoffProxyProtocolTest {

  @TempDir
  Path dir;
  HandoffFixture fixture;
  private final RendezvousBalancer balancer = new RendezvousBalancer();

  @BeforeEach
  void start() throws Exception {
    fixture = new HandoffFixture(dir, transport());
    fixture.proxyProtocol = true;
    fixture.startRouter(balancer);
    fixture.startWorker(0, 1);
    fixture.startWorker(1, 2);
  }

  /** @return the workers' transport: epoll here, io_uring in the subclass */
  WorkerTransport transport() {
    return WorkerTransport.EPOLL;
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  private static byte[] v1(String client, int clientPort) {
    return ("PROXY TCP4 " + client + " 192.0.2.1 " + clientPort + " 443\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] v2(String client, int clientPort) throws IOException {
    byte[] source = InetAddress.getByName(client).getAddress();
    boolean six = source.length == 16;
    ByteBuffer header = ByteBuffer.allocate(six ? 52 : 28);
    header.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
    header.put((byte) 0x21).put((byte) (six ? 0x21 : 0x11)).putShort((short) (six ? 36 : 12));
    header.put(source);
    header.put(InetAddress.getByName(six ? "2001:db8::1" : "192.0.2.1").getAddress());
    header.putShort((short) clientPort).putShort((short) 443);
    return header.array();
  }

  private int expectedSlot(String client) throws IOException {
    return balancer.pick(InetAddress.getByName(client).getAddress(),
        List.of(new SlotLoad(0, 0), new SlotLoad(1, 0)));
  }

  private Response exchange(byte[] header) throws IOException {
    try (Socket socket = fixture.connect("127.0.0.1")) {
      OutputStream out = socket.getOutputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.write(header);
      all.write(HandoffFixture.get("/", true).getBytes(StandardCharsets.US_ASCII));
      out.write(all.toByteArray());
      return HandoffFixture.read(socket.getInputStream());
    }
  }

  @Test
  void v1HeaderDecidesTheSlotAndIsTheClientTheWorkerSees() throws Exception {
    for (String client : List.of("203.0.113.7", "198.51.100.23", "192.0.2.200", "10.1.2.3")) {
      Response response = exchange(v1(client, 40000));
      assertThat(response.status()).as("answer for %s", client).isEqualTo(200);
      assertThat(response.json().getInteger("worker")).as("slot of %s", client)
          .isEqualTo(expectedSlot(client));
      assertThat(response.json().getString("remoteHost")).isEqualTo(client);
      assertThat(response.json().getInteger("remotePort")).isEqualTo(40000);
      assertThat(response.json().getInteger("localPort")).as("destination in the header")
          .isEqualTo(443);
    }
  }

  @Test
  void v2HeaderDecidesTheSlotAndIsTheClientTheWorkerSees() throws Exception {
    for (String client : List.of("203.0.113.7", "198.51.100.23", "2001:db8::77", "10.1.2.3")) {
      Response response = exchange(v2(client, 41000));
      assertThat(response.status()).as("answer for %s", client).isEqualTo(200);
      assertThat(response.json().getInteger("worker")).as("slot of %s", client)
          .isEqualTo(expectedSlot(client));
      assertThat(InetAddress.getByName(response.json().getString("remoteHost")))
          .isEqualTo(InetAddress.getByName(client));
      assertThat(response.json().getInteger("remotePort")).isEqualTo(41000);
    }
  }

  @Test
  void keepAliveAfterTheHeaderIsServedByTheSameWorker() throws Exception {
    try (Socket socket = fixture.connect("127.0.0.1")) {
      OutputStream out = socket.getOutputStream();
      out.write(v1("203.0.113.50", 42000));
      out.flush();
      for (int i = 0; i < 3; i++) {
        out.write(HandoffFixture.get("/", false).getBytes(StandardCharsets.US_ASCII));
        Response response = HandoffFixture.read(socket.getInputStream());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().getInteger("worker")).isEqualTo(expectedSlot("203.0.113.50"));
        assertThat(response.json().getString("remoteHost")).isEqualTo("203.0.113.50");
      }
    }
  }

  @Test
  void malformedHeaderClosesThatConnectionAndNothingElse() throws Exception {
    try (Socket healthy = fixture.connect("127.0.0.1")) {
      healthy.getOutputStream().write(v1("203.0.113.9", 40001));
      healthy.getOutputStream().write(HandoffFixture.get("/", false)
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(HandoffFixture.read(healthy.getInputStream()).status()).isEqualTo(200);

      try (Socket bad = fixture.connect("127.0.0.1")) {
        bad.getOutputStream().write(("HELLO I AM NOT A PROXY HEADER\r\n"
            + HandoffFixture.get("/", true)).getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try {
          bad.getInputStream().transferTo(answer);
        } catch (IOException reset) {
          // closed with a reset: nothing was answered
        }
        assertThat(answer.size()).as("bytes answered to a malformed header").isZero();
      }

      healthy.getOutputStream().write(HandoffFixture.get("/", true)
          .getBytes(StandardCharsets.US_ASCII));
      Response again = HandoffFixture.read(healthy.getInputStream());
      assertThat(again.status()).as("the other connection still works").isEqualTo(200);
      assertThat(again.json().getString("remoteHost")).isEqualTo("203.0.113.9");
    }
    assertThat(exchange(v1("203.0.113.10", 40002)).json().getString("remoteHost"))
        .isEqualTo("203.0.113.10");
  }
}
