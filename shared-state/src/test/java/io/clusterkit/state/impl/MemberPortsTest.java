package io.clusterkit.state.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.state.impl.MemberPorts.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemberPortsTest {

  @TempDir
  Path temp;

  @Test
  void hazelcastsCustomaryPortsWhenTheEphemeralRangeLeavesThemClear() {
    assertThat(MemberPorts.outside(32768, 60999)).contains(new Block(5701, 1000));
    assertThat(MemberPorts.outside(6701, 65535)).contains(new Block(5701, 1000));
  }

  @Test
  void justBelowTheEphemeralRangeWhenItCoversThem() {
    assertThat(MemberPorts.outside(5000, 60999)).contains(new Block(4000, 1000));
    assertThat(MemberPorts.outside(6700, 65535)).contains(new Block(5700, 1000));
  }

  @Test
  void justAboveWhenThereIsNoRoomBelow() {
    assertThat(MemberPorts.outside(1500, 40000)).contains(new Block(40001, 1000));
  }

  @Test
  void noBlockWhenTheRangeTakesNearlyEveryPort() {
    assertThat(MemberPorts.outside(1024, 65535)).isEmpty();
    assertThat(MemberPorts.outside(2000, 64600)).isEmpty();
  }

  @Test
  void aChosenBlockNeverOverlapsTheRange() {
    for (int low = 1024; low <= 65535; low += 97) {
      for (int high = low; high <= 65535; high += 1009) {
        int l = low;
        int h = high;
        MemberPorts.outside(low, high).ifPresent(block -> assertThat(block)
            .matches(b -> b.last() < l || b.first() > h, "outside " + l + "-" + h)
            .matches(b -> b.first() >= 1024 && b.last() <= 65535, "unprivileged")
            .matches(b -> b.count() == MemberPorts.BLOCK_SIZE, "full size"));
      }
    }
  }

  @Test
  void readsTheKernelsFormatAndRefusesAnythingElse() throws IOException {
    Path file = temp.resolve("ip_local_port_range");
    Files.writeString(file, "32768\t60999\n");
    assertThat(MemberPorts.ephemeralRange(file)).hasValueSatisfying(
        range -> assertThat(range).containsExactly(32768, 60999));
    Files.writeString(file, "32768\n");
    assertThat(MemberPorts.ephemeralRange(file)).isEmpty();
    Files.writeString(file, "low high\n");
    assertThat(MemberPorts.ephemeralRange(file)).isEmpty();
    assertThat(MemberPorts.ephemeralRange(temp.resolve("missing"))).isEmpty();
  }
}
