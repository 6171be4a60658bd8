package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.EchoAddressVerticle;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.TestCluster;
import java.io.IOException;
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
  private TestCluster launcher;

  @Test
  void bothWorkersServeThePublicPortOnEpoll() throws IOException {
    launcher = ClusterKit.cluster().workers(2).verticle(EchoAddressVerticle.class)
        .option("-balance", "reuseport").option("-transport", "epoll").start().awaitReady();
    int port = launcher.port();
    assertThat(launcher.status().getString("transport")).as("the workers' transport in /status")
        .isEqualTo("epoll");

    ReusePortIT.assertBothWorkersServe(launcher, port);
  }
}
