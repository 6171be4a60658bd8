package io.clusterkit.launcher.impl;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import io.clusterkit.launcher.JoinOptions;
import io.clusterkit.launcher.LaunchException;
import io.clusterkit.state.MembershipOptions;
import io.clusterkit.verticles.ExitCodes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the launcher joins its cluster, and the check that it did: the Hazelcast membership of the
 * launcher (a data member) from {@link JoinOptions}, and, once Hazelcast is up, a wait for the
 * members {@code -members} lists.
 *
 * <p>Hazelcast itself never fails a start: a member whose listed members cannot be reached, or
 * refuse it (another cluster name), simply forms a cluster of its own, a silent split. So the
 * launcher checks: every listed member it can reach must be in its cluster within the join
 * timeout, a launcher whose list does not name itself (no seed) must have joined one of them,
 * and every other launcher must reach this one at the address it advertises ({@link ReachBack}:
 * Hazelcast itself lets in a member that only dials out, such as a host behind a NAT without
 * {@code -cluster-public-host}). Otherwise it stops with an error that says which case it is.
 */
final class ClusterJoin {

  private static final Logger log = LoggerFactory.getLogger(ClusterJoin.class);
  private static final int PROBE_TIMEOUT_MS = 1_000;
  private static final long RECHECK_MS = 500;
  /** The Hazelcast executor the other launchers run {@link ReachBack} on. */
  static final String REACH_BACK_EXECUTOR = "clusterkit.reach-back";
  private static final long REACH_BACK_TIMEOUT_MS = 5_000;

  private final JoinOptions join;
  private final MembershipOptions membership;

  ClusterJoin(JoinOptions join) {
    this.join = join;
    this.membership = new MembershipOptions()
        .setHost(join.getClusterHost())
        .setPublicHost(join.getClusterPublicHost())
        .setBackupCount(join.getBackupCount())
        .setConfigFile(join.getHazelcastConfig());
    join.getMembers().forEach(membership::addMember);
    if (join.getClusterName() != null) {
      membership.setClusterName(join.getClusterName());
    } else if (join.getHazelcastConfig() == null) {
      membership.setClusterName("clusterkit-" + UUID.randomUUID());
    }
    // else the file's own cluster name, as every launcher given the same file has it
  }

  /** @return the launcher's own Hazelcast membership */
  MembershipOptions membership() {
    return membership;
  }

  /**
   * Names this host in a cluster of several hosts: the launcher's {@code -name}, else the
   * machine's host name (unique per pod in a Kubernetes StatefulSet).
   *
   * @param name the launcher's {@code -name}, or null
   * @return the name, or "" for a launcher on its own
   */
  String hostName(String name) {
    if (!join.isMultiHost()) {
      return "";
    }
    if (name != null) {
      return name;
    }
    String machine;
    try {
      machine = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname"))
          .trim();
    } catch (IOException | RuntimeException e) {
      machine = "";
    }
    String clean = machine.replaceAll("[^A-Za-z0-9._-]", "-");
    return clean.isEmpty() ? "host-" + advertisedHost().replaceAll("[^A-Za-z0-9]", "-") : clean;
  }

  /**
   * Turns on the event bus's TLS when the options name the stores.
   *
   * @param bus the launcher's event bus options
   * @return true when TLS is on
   */
  boolean tls(io.vertx.core.eventbus.EventBusOptions bus) {
    if (join.getEventBusKeyStore() == null) {
      return false;
    }
    java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.put(io.clusterkit.verticles.protocol.EventBusTls.KEY_STORE,
        join.getEventBusKeyStore().toString());
    env.put(io.clusterkit.verticles.protocol.EventBusTls.TRUST_STORE,
        join.getEventBusTrustStore().toString());
    return io.clusterkit.verticles.protocol.EventBusTls.apply(bus, env);
  }

  /** @return the address the event bus advertises to other hosts */
  String advertisedHost() {
    return join.getClusterPublicHost() != null ? join.getClusterPublicHost()
        : join.getClusterHost();
  }

  /**
   * Waits until the listed members are joined, or fails.
   *
   * @param vertx the launcher's clustered Vert.x
   * @param hazelcast its Hazelcast member
   * @param startNanos when the launcher began to join ({@link System#nanoTime()}): the join
   *     timeout counts from there
   * @return a future completed once the cluster is as listed, or failed with a
   *     {@link LaunchException} (exit {@link ExitCodes#UNAVAILABLE}) after the join timeout
   */
  Future<Void> await(Vertx vertx, HazelcastInstance hazelcast, long startNanos) {
    int ownPort = hazelcast.getCluster().getLocalMember().getAddress().getPort();
    List<HostPort> others = new ArrayList<>();
    boolean seed = false;
    for (String text : join.getMembers()) {
      HostPort member = HostPort.parse(text, JoinOptions.DEFAULT_MEMBER_PORT);
      if (member.port() == ownPort && isOwn(member.host())) {
        seed = true;
      } else {
        others.add(member);
      }
    }
    if (others.isEmpty()) {
      if (join.getHazelcastConfig() != null) {
        log.info("cluster '{}': joined as {} says, {}", hazelcast.getConfig().getClusterName(),
            join.getHazelcastConfig(), describe(hazelcast));
      } else if (join.isMultiHost()) {
        log.info("cluster '{}': this launcher is its first member, at {}:{}",
            hazelcast.getConfig().getClusterName(), advertisedHost(), ownPort);
      }
      return Future.succeededFuture();
    }
    long deadline = startNanos + join.getJoinTimeout().toNanos();
    Promise<Void> done = Promise.promise();
    check(vertx, hazelcast, others, seed, deadline, done);
    return done.future();
  }

  private void check(Vertx vertx, HazelcastInstance hazelcast, List<HostPort> others,
      boolean seed, long deadline, Promise<Void> done) {
    vertx.executeBlocking(() -> verdict(hazelcast, others, seed), false).onComplete(ar -> {
      if (ar.failed()) {
        done.tryFail(new LaunchException(ExitCodes.UNAVAILABLE, "cannot check the cluster's "
            + "members: " + ar.cause().getMessage()));
        return;
      }
      String problem = ar.result();
      if (problem == null) {
        log.info("cluster '{}': joined, {}", hazelcast.getConfig().getClusterName(),
            describe(hazelcast));
        done.tryComplete();
      } else if (System.nanoTime() - deadline >= 0) {
        done.tryFail(new LaunchException(ExitCodes.UNAVAILABLE, "cluster '"
            + hazelcast.getConfig().getClusterName() + "': " + problem + " after "
            + join.getJoinTimeout().toSeconds() + " s (-join-timeout)"));
      } else {
        vertx.setTimer(RECHECK_MS, id -> check(vertx, hazelcast, others, seed, deadline, done));
      }
    });
  }

  /** @return null when the cluster is as listed, else what is wrong */
  private String verdict(HazelcastInstance hazelcast, List<HostPort> others, boolean seed) {
    List<String> joined = new ArrayList<>();
    List<String> refusing = new ArrayList<>();
    List<String> unreachable = new ArrayList<>();
    for (HostPort member : others) {
      if (isMember(hazelcast, member)) {
        joined.add(member.toString());
      } else if (reachable(member)) {
        refusing.add(member.toString());
      } else {
        unreachable.add(member.toString());
      }
    }
    if (!refusing.isEmpty()) {
      return "members " + refusing + " answer on their port but did not let this launcher in: "
          + "another -cluster-name than '" + hazelcast.getConfig().getClusterName()
          + "', or they cannot reach this host at " + advertisedHost() + " (check -cluster-host"
          + " and the firewall)";
    }
    if (joined.isEmpty() && !seed) {
      return "none of -members " + unreachable + " could be reached from " + join.getClusterHost()
          + " (not started, a wrong address or port, or a firewall)";
    }
    String unreached = reachedBack(hazelcast);
    if (unreached != null) {
      return unreached;
    }
    if (!unreachable.isEmpty()) {
      log.info("members {} are not up yet; they join when they start", unreachable);
    }
    return null;
  }

  /**
   * Asks every other launcher to dial this one's advertised address.
   *
   * @return null when each did (or could not be asked), else which could not, and what to do
   */
  private String reachedBack(HazelcastInstance hazelcast) {
    Member self = hazelcast.getCluster().getLocalMember();
    String host = self.getAddress().getHost();
    int port = self.getAddress().getPort();
    IExecutorService executor = hazelcast.getExecutorService(REACH_BACK_EXECUTOR);
    List<String> cannot = new ArrayList<>();
    for (Member member : hazelcast.getCluster().getMembers()) {
      if (member.localMember() || member.isLiteMember()) {
        continue;
      }
      String other = member.getAddress().getHost() + ":" + member.getAddress().getPort();
      try {
        String failure = executor.submitToMember(new ReachBack(host, port), member)
            .get(REACH_BACK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        if (failure != null) {
          cannot.add(other + " (" + failure + ")");
        }
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        log.warn("cluster '{}': could not ask the launcher at {} whether it reaches this host "
            + "at {}:{}: {}", hazelcast.getConfig().getClusterName(), other, host, port,
            e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    if (cannot.isEmpty()) {
      return null;
    }
    return "the launchers at " + cannot + " cannot reach this host at " + host + ":" + port
        + ", the address it advertises (-cluster-host " + join.getClusterHost() + "): behind a NAT,"
        + " give -cluster-public-host the address the other hosts reach this one at; else check "
        + "the routes and the firewall";
  }

  private static boolean isMember(HazelcastInstance hazelcast, HostPort wanted) {
    for (Member member : hazelcast.getCluster().getMembers()) {
      if (member.getAddress().getPort() == wanted.port()
          && sameHost(member.getAddress().getHost(), wanted.host())) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameHost(String a, String b) {
    try {
      return a.equals(b) || InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private boolean isOwn(String host) {
    if (sameHost(host, join.getClusterHost())) {
      return true;
    }
    String advertised = join.getClusterPublicHost();
    return advertised != null && sameHost(host, advertised);
  }

  private static boolean reachable(HostPort member) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(member.host(), member.port()), PROBE_TIMEOUT_MS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Describes a cluster's members for a log line.
   *
   * @param hazelcast a member of it
   * @return e.g. {@code 3 data members [10.213.0.1:5701, ...], 6 lite}
   */
  static String describe(HazelcastInstance hazelcast) {
    List<String> data = new ArrayList<>();
    int lite = 0;
    for (Member member : hazelcast.getCluster().getMembers()) {
      if (member.isLiteMember()) {
        lite++;
      } else {
        data.add(member.getAddress().getHost() + ":" + member.getAddress().getPort());
      }
    }
    return data.size() + " data members " + data + ", " + lite + " lite";
  }
}
