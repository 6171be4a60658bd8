package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code -balance reuseport -transport epoll}: each worker binds the public port with
 * SO_REUSEPORT on Netty's epoll transport, as it does wherever io_uring cannot run ({@link
 * ReusePortIT} covers the default).
 */
@Timeout(120)
class ReusePortEpollIT {

  @AutoClose
  private LauncherProcess launcher;

  @Test
  void bothWorkersServeThePublicPortOnEpoll() throws IOException {
    launcher = LauncherProcess.cluster(2, LauncherProcess.TEST_CLASSES,
        "io.clusterkit.examples.it.EchoAddressVerticle", "-balance", "reuseport",
        "-transport", "epoll");
    int port = launcher.awaitReady();
    launcher.awaitLine(Pattern.compile("workers serve clients on Netty's epoll transport"),
        Duration.ofSeconds(1));

    ReusePortIT.assertBothWorkersServe(launcher, port);
    assertThat(launcher.output()).as("launcher output")
        .doesNotContain("workers serve clients on Netty's io_uring transport");
  }
}
