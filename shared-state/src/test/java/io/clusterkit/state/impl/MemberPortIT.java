package io.clusterkit.state.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.clusterkit.state.MembershipOptions;
import io.clusterkit.state.impl.MemberPorts.Block;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Members started without a port listen in the block outside the ephemeral range, and a member
 * that takes the port of one that crashed joins at once, the crashed one leaving the list.
 */
class MemberPortIT {

  private final String clusterName = "member-port-it-" + UUID.randomUUID();
  private final List<HazelcastInstance> started = new ArrayList<>();

  @AfterEach
  void terminateAll() {
    started.forEach(member -> member.getLifecycleService().terminate());
  }

  private HazelcastInstance member(MembershipOptions options) {
    HazelcastInstance member =
        Hazelcast.newHazelcastInstance(HazelcastConfigs.build(options.setClusterName(clusterName)));
    started.add(member);
    return member;
  }

  private static int port(HazelcastInstance member) {
    return member.getCluster().getLocalMember().getAddress().getPort();
  }

  private static List<UUID> members(HazelcastInstance member) {
    return member.getCluster().getMembers().stream().map(Member::getUuid)
        .collect(Collectors.toList());
  }

  @Test
  void membersListenOutsideTheEphemeralRangeAndAReplacementMayTakeACrashedMembersPort() {
    Block block = MemberPorts.forThisMachine().orElseThrow();
    HazelcastInstance data = member(new MembershipOptions());
    HazelcastInstance crashed = member(new MembershipOptions().setLiteMember(true)
        .addMember("127.0.0.1:" + port(data)));
    assertThat(List.of(port(data), port(crashed)))
        .allSatisfy(port -> assertThat(port).isBetween(block.first(), block.last()))
        .doesNotHaveDuplicates();
    MemberPorts.ephemeralRange(MemberPorts.EPHEMERAL_RANGE)
        .ifPresent(range -> assertThat(List.of(port(data), port(crashed)))
            .noneMatch(port -> port >= range[0] && port <= range[1]));

    int crashedPort = port(crashed);
    UUID crashedUuid = crashed.getCluster().getLocalMember().getUuid();
    crashed.getLifecycleService().terminate();
    HazelcastInstance replacement = member(new MembershipOptions().setLiteMember(true)
        .setPort(crashedPort).addMember("127.0.0.1:" + port(data)));
    UUID replacementUuid = replacement.getCluster().getLocalMember().getUuid();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(members(data))
        .containsExactlyInAnyOrder(data.getCluster().getLocalMember().getUuid(), replacementUuid)
        .doesNotContain(crashedUuid));
  }
}
