package io.clusterkit.launcher.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusterkit.launcher.junit.NotifySocketListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Messages reach a real AF_UNIX datagram socket, at a path or an abstract name. */
@Timeout(30)
class NotifySocketTest {

  @Test
  void eachMessageIsOneDatagramToThePath(@TempDir Path dir) throws IOException {
    try (NotifySocketListener systemd = NotifySocketListener.bind(dir.resolve("notify"));
        NotifySocket socket = NotifySocket.fromEnvironment(Map.of("NOTIFY_SOCKET",
            systemd.address()))) {
      socket.send("READY=1\nMAINPID=42");
      socket.send("STATUS=2/2 workers ready");
      systemd.await(m -> m.startsWith("STATUS"), Duration.ofSeconds(5), "the status");
      assertThat(systemd.messages()).containsExactly("READY=1\nMAINPID=42",
          "STATUS=2/2 workers ready");
    }
  }

  @Test
  void anAtAddressIsAnAbstractName() throws IOException {
    String name = "clusterkit-test-" + UUID.randomUUID();
    try (NotifySocketListener systemd = NotifySocketListener.bindAbstract(name);
        NotifySocket socket = NotifySocket.open("@" + name)) {
      socket.send("WATCHDOG=1");
      assertThat(systemd.await("WATCHDOG=1"::equals, Duration.ofSeconds(5), "a ping"))
          .isEqualTo("WATCHDOG=1");
    }
  }

  @Test
  void noListenerIsAnIoException(@TempDir Path dir) {
    try (NotifySocket socket = NotifySocket.open(dir.resolve("nobody").toString())) {
      assertThatThrownBy(() -> socket.send("READY=1")).isInstanceOf(IOException.class);
    }
  }

  @Test
  void withoutNotifySocketThereIsNone() {
    assertThat(NotifySocket.fromEnvironment(Map.of())).isNull();
    assertThat(NotifySocket.fromEnvironment(Map.of("NOTIFY_SOCKET", ""))).isNull();
  }

  @Test
  void anAddressThatIsNeitherPathNorAbstractNameIsRefused() {
    assertThatThrownBy(() -> NotifySocket.open("vsock:2:1234"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("NOTIFY_SOCKET must be an absolute path or an @abstract name, was "
            + "'vsock:2:1234'");
  }

  @Test
  void anAbstractNameStartsWithNul() {
    assertThat(NotifySocket.target("@sd")).containsExactly(0, 's', 'd');
    assertThat(NotifySocket.target("/run/n")).containsExactly('/', 'r', 'u', 'n', '/', 'n');
  }
}
