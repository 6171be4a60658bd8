package io.clusterkit.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JoinOptionsTest {

  @Test
  void byDefaultALauncherRunsOnItsOwnOnLoopback() {
    JoinOptions join = new JoinOptions();
    assertThat(join.isMultiHost()).isFalse();
    assertThat(join.getClusterName()).isNull();
    assertThat(join.getClusterHost()).isEqualTo("127.0.0.1");
    assertThat(join.getBackupCount()).isEqualTo(1);
    assertThat(join.getJoinTimeout()).isEqualTo(Duration.ofSeconds(15));
    join.validate();
  }

  @Test
  void membersGetTheDefaultPortAndAreCopied() {
    JoinOptions join = new JoinOptions().setClusterName("shop").setClusterHost("10.0.0.1")
        .addMember("10.0.0.2").addMember("10.0.0.3:5702");
    JoinOptions copy = new JoinOptions(join);
    assertThat(copy.getMembers()).containsExactly("10.0.0.2:5701", "10.0.0.3:5702");
    assertThat(copy.isMultiHost()).isTrue();
    copy.validate();
  }

  @Test
  void membersWithoutAClusterNameAreRefused() {
    JoinOptions join = new JoinOptions().addMember("127.0.0.1:5701");
    assertThatThrownBy(join::validate).hasMessageStartingWith("-members needs -cluster-name NAME");
  }

  @Test
  void membersOfOtherHostsNeedAClusterHostThatIsNotLoopback() {
    JoinOptions join = new JoinOptions().setClusterName("shop").addMember("10.0.0.2");
    assertThatThrownBy(join::validate).hasMessageStartingWith(
        "-members names 10.0.0.2:5701 but -cluster-host is 127.0.0.1");
    join.setClusterHost("10.0.0.1").validate();
  }

  @Test
  void membersAndAConfigurationFileDoNotGoTogether() {
    JoinOptions join = new JoinOptions().setHazelcastConfig(Path.of("hz.yaml"))
        .setClusterHost("10.0.0.1").addMember("10.0.0.2");
    assertThat(join.isMultiHost()).isTrue();
    assertThatThrownBy(join::validate).hasMessageStartingWith(
        "-members does not go with -hazelcast-config");
  }

  @Test
  void settersRefuseBadValuesNamingThem() {
    JoinOptions join = new JoinOptions();
    assertThatThrownBy(() -> join.setClusterName("a b")).hasMessageContaining("was 'a b'");
    assertThatThrownBy(() -> join.setBackupCount(-1))
        .hasMessage("backup count must be in 0..6, was -1");
    assertThatThrownBy(() -> join.setJoinTimeout(Duration.ofMillis(500)))
        .hasMessage("join timeout must be >= 1s, was PT0.5S");
    assertThatThrownBy(() -> join.setClusterHost("0.0.0.0"))
        .hasMessageStartingWith("cluster host must name one interface");
    assertThatThrownBy(() -> join.setClusterPublicHost(" "))
        .hasMessage("cluster public host must not be blank");
  }

  @Test
  void launcherOptionsKeepACopyAndValidateIt() {
    LauncherOptions options = new LauncherOptions();
    JoinOptions join = new JoinOptions().setClusterName("shop");
    options.setJoin(join);
    join.setClusterName("changed");
    assertThat(options.getJoin().getClusterName()).isEqualTo("shop");
    assertThat(new LauncherOptions(options).getJoin().getClusterName()).isEqualTo("shop");
    assertThatThrownBy(() -> options.setJoin(new JoinOptions().addMember("127.0.0.1")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
