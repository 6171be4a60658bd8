package io.clusterkit.state.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import io.clusterkit.state.MembershipOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hazelcast configuration a member gets, from ClusterKit's settings or from a file. */
class HazelcastConfigsTest {

  @TempDir
  Path dir;

  @Test
  void theFlagsGiveTheMemberListTheBindAddressThePublicAddressAndTheBackups() {
    Config config = HazelcastConfigs.build(new MembershipOptions().setClusterName("shop")
        .setHost("10.0.0.1").setPublicHost("203.0.113.7").setBackupCount(2)
        .addMember("10.0.0.2:5701").addMember("10.0.0.3:5701"));
    assertThat(config.getClusterName()).isEqualTo("shop");
    assertThat(config.getProperty("hazelcast.local.localAddress")).isEqualTo("10.0.0.1");
    assertThat(config.getNetworkConfig().getPublicAddress()).isEqualTo("203.0.113.7");
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
        .containsExactly("10.0.0.2:5701", "10.0.0.3:5701");
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(config.getMapConfig("any.user.map").getBackupCount()).isEqualTo(2);
    assertThat(config.getMapConfig("__vertx.nodeInfo").getBackupCount()).isEqualTo(2);
    assertThat(config.getMultiMapConfig("__vertx.subs").getBackupCount()).isEqualTo(2);
    assertThat(config.isLiteMember()).isFalse();
  }

  @Test
  void aPublicAddressLetsTheKernelPickTheSourceOfOutgoingConnections() {
    // Hazelcast binds outgoing sockets to its own (public) address unless told not to: behind a
    // NAT that address is on no interface, and every connection the member opens fails
    Config natted = HazelcastConfigs.build(new MembershipOptions().setClusterName("shop")
        .setHost("10.1.0.5").setPublicHost("203.0.113.7").addMember("10.0.0.2:5701"));
    assertThat(natted.getProperty("hazelcast.socket.client.bind")).isEqualTo("false");
    Config plain = HazelcastConfigs.build(new MembershipOptions().setClusterName("shop")
        .setHost("10.0.0.1").addMember("10.0.0.2:5701"));
    assertThat(plain.getProperty("hazelcast.socket.client.bind")).isNull();
  }

  @Test
  void aGracefulLeaveIsBoundedToAMinuteUnlessTheFileSaysOtherwise() throws Exception {
    Config flags = HazelcastConfigs.build(new MembershipOptions().setClusterName("shop"));
    assertThat(flags.getProperty("hazelcast.graceful.shutdown.max.wait")).isEqualTo("60");
    Path file = dir.resolve("leave.yaml");
    Files.writeString(file, String.join("\n",
        "hazelcast:",
        "  properties:",
        "    hazelcast.graceful.shutdown.max.wait: 300",
        ""));
    Config own = HazelcastConfigs.build(new MembershipOptions().setConfigFile(file));
    assertThat(own.getProperty("hazelcast.graceful.shutdown.max.wait")).isEqualTo("300");
  }

  @Test
  void aFileKeepsItsJoinAndGetsVertxMapsBackupsTheLiteFlagAndTheGivenName() throws Exception {
    Path file = dir.resolve("hz.yaml");
    Files.writeString(file, String.join("\n",
        "hazelcast:",
        "  cluster-name: from-file",
        "  network:",
        "    join:",
        "      multicast:",
        "        enabled: true",
        "        trusted-interfaces:",
        "          - 10.0.0.*",
        "  map:",
        "    sessions:",
        "      backup-count: 0",
        ""));
    Config config = HazelcastConfigs.build(new MembershipOptions().setConfigFile(file)
        .setLiteMember(true));
    assertThat(config.getClusterName()).isEqualTo("from-file");
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().getTrustedInterfaces())
        .containsExactly("10.0.0.*");
    assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
    assertThat(config.getMapConfigs()).containsKeys("__vertx.haInfo", "__vertx.nodeInfo");
    assertThat(config.getMapConfig("sessions").getBackupCount()).isEqualTo(1);
    assertThat(config.isLiteMember()).isTrue();
    assertThat(config.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");

    Config named = HazelcastConfigs.build(new MembershipOptions().setConfigFile(file)
        .setClusterName("shop"));
    assertThat(named.getClusterName()).isEqualTo("shop");
  }

  @Test
  void aFileThatCannotBeReadIsOneClearError() throws Exception {
    Path file = dir.resolve("broken.xml");
    Files.writeString(file, "<hazelcast><network>");
    assertThatThrownBy(() -> HazelcastConfigs.build(new MembershipOptions().setConfigFile(file)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Hazelcast configuration " + file + " cannot be read: ");
  }

  @Test
  void aMemberOnAnotherHostsNetworkSuspectsASilentMemberAfter15Seconds() {
    Config lan = HazelcastConfigs.build(new MembershipOptions().setClusterName("shop")
        .setHost("10.0.0.1").addMember("10.0.0.2:5701"));
    assertThat(lan.getProperty(HazelcastConfigs.HEARTBEAT_TIMEOUT)).isEqualTo("15");
  }

  @Test
  void aMemberOnLoopbackKeepsHazelcastsOwnHeartbeatTimeout() {
    Config local = HazelcastConfigs.build(new MembershipOptions().setClusterName("one-host"));
    assertThat(local.getProperty(HazelcastConfigs.HEARTBEAT_TIMEOUT)).isNull();
  }

  @Test
  void aFilesOwnHeartbeatTimeoutWins() throws Exception {
    Path file = dir.resolve("hz.yaml");
    Files.writeString(file, String.join("\n",
        "hazelcast:",
        "  properties:",
        "    hazelcast.max.no.heartbeat.seconds: 40",
        ""));
    Config config = HazelcastConfigs.build(new MembershipOptions().setConfigFile(file));
    assertThat(config.getProperty(HazelcastConfigs.HEARTBEAT_TIMEOUT)).isEqualTo("40");
    Path plain = dir.resolve("plain.yaml");
    Files.writeString(plain, "hazelcast:\n  cluster-name: shop\n");
    assertThat(HazelcastConfigs.build(new MembershipOptions().setConfigFile(plain))
        .getProperty(HazelcastConfigs.HEARTBEAT_TIMEOUT)).isEqualTo("15");
  }
}
