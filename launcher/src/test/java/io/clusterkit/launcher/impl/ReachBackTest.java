package io.clusterkit.launcher.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The dial-back a joining launcher asks of the others: its answer, and its trip as a task. */
class ReachBackTest {

  @Test
  void anAddressThatAnswersIsReachedAndOneThatDoesNotSaysWhy() throws Exception {
    int closed;
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(new ReachBack("127.0.0.1", server.getLocalPort()).call()).isNull();
      closed = server.getLocalPort();
    }
    assertThat(new ReachBack("127.0.0.1", closed).call()).contains("refused");
  }

  @Test
  void itTravelsAsASerializedTaskToTheOtherLauncher() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new ReachBack("127.0.0.1", 1));
    }
    try (ObjectInputStream in = new ObjectInputStream(
        new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(((ReachBack) in.readObject()).call()).contains("refused");
    }
  }
}
