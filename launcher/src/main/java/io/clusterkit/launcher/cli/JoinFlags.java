package io.clusterkit.launcher.cli;

import io.clusterkit.launcher.JoinOptions;
import io.clusterkit.launcher.LauncherOptions;
import io.clusterkit.launcher.impl.HostPort;
import io.clusterkit.verticles.protocol.EventBusTls;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns the several-hosts flags ({@code -cluster-name}, {@code -members}, {@code -cluster-host},
 * {@code -cluster-public-host}, {@code -hazelcast-config}, {@code -backup-count},
 * {@code -join-timeout}) into {@link JoinOptions}, checking what can be checked before anything
 * starts: the syntax of each, that the cluster host is an address of this machine, that the file
 * is readable, and that they fit together. A picocli mixin of the launcher's command.
 */
final class JoinFlags {

  @Option(names = "-cluster-name", paramLabel = "NAME",
      description = "The cluster every launcher of several hosts shares (default: a unique "
          + "name: this launcher alone).")
  private String clusterName;

  @Option(names = "-members", paramLabel = "HOST[:PORT],...",
      description = "Hazelcast members to join (TCP-IP), port " + JoinOptions.DEFAULT_MEMBER_PORT
          + " unless given.")
  private String members;

  @Option(names = "-cluster-host", paramLabel = "ADDR",
      description = "The interface Hazelcast and the event bus of this launcher and its workers "
          + "bind to and advertise (default: " + JoinOptions.DEFAULT_CLUSTER_HOST + ").")
  private String clusterHost;

  @Option(names = "-cluster-public-host", paramLabel = "ADDR",
      description = "The address other hosts reach this one at, behind NAT.")
  private String clusterPublicHost;

  @Option(names = "-hazelcast-config", paramLabel = "FILE",
      description = "A Hazelcast XML or YAML file for the network, join and cluster name "
          + "(Kubernetes, multicast, cloud discovery).")
  private Path hazelcastConfig;

  @Option(names = "-backup-count", paramLabel = "N",
      description = "Launchers on other hosts that keep a synchronous copy of each entry "
          + "(default: ${DEFAULT-VALUE}).")
  private int backupCount = JoinOptions.DEFAULT_BACKUP_COUNT;

  @Option(names = "-join-timeout", paramLabel = "DURATION",
      description = "Stop with an error when the listed members are not joined within DURATION "
          + "(default: 15s).")
  private String joinTimeout;

  @Option(names = "-eventbus-keystore", paramLabel = "FILE",
      description = "TLS for the event bus between every JVM: this PKCS#12 (or .jks) key store's "
          + "certificate; password in $CLUSTERKIT_EVENTBUS_KEYSTORE_PASSWORD.")
  private Path eventBusKeyStore;

  @Option(names = "-eventbus-truststore", paramLabel = "FILE",
      description = "With -eventbus-keystore: accept only peers whose certificate this store "
          + "vouches for; password in $CLUSTERKIT_EVENTBUS_TRUSTSTORE_PASSWORD.")
  private Path eventBusTrustStore;

  /** The flags that only mean something when this launcher joins other hosts. */
  static final List<String> NEED_A_CLUSTER = List.of("-cluster-host", "-cluster-public-host",
      "-backup-count", "-join-timeout");

  /**
   * Reads the flags into options.
   *
   * @throws ParameterException with one line naming the flag at fault
   */
  void apply(CommandLine line, LauncherOptions options, ParseResult parsed) {
    Path keyStore = eventBusKeyStore;
    Path trustStore = eventBusTrustStore;
    String publicHost = clusterPublicHost;
    JoinOptions join = new JoinOptions();
    check(line, () -> join.setClusterName(clusterName), "-cluster-name");
    if (members != null) {
      for (String member : members.split(",")) {
        check(line, () -> join.addMember(member), "-members");
      }
    }
    if (clusterHost != null) {
      check(line, () -> join.setClusterHost(clusterHost), "-cluster-host");
      if (!isLocal(join.getClusterHost())) {
        throw new ParameterException(line, "-cluster-host " + clusterHost + " is not an address "
            + "of this host (its addresses: " + HostPort.localAddresses().stream()
            .map(InetAddress::getHostAddress).toList() + ")");
      }
    }
    check(line, () -> join.setClusterPublicHost(publicHost), "-cluster-public-host");
    if (hazelcastConfig != null) {
      if (!Files.isRegularFile(hazelcastConfig) || !Files.isReadable(hazelcastConfig)) {
        throw new ParameterException(line, "-hazelcast-config " + hazelcastConfig
            + " is not a readable file");
      }
      join.setHazelcastConfig(hazelcastConfig.toAbsolutePath());
    }
    check(line, () -> join.setBackupCount(backupCount), "-backup-count");
    if (joinTimeout != null) {
      check(line, () -> join.setJoinTimeout(Durations.parse(joinTimeout)), "-join-timeout");
    }
    check(line, () -> join.setEventBusTls(keyStore == null ? null : keyStore.toAbsolutePath(),
        trustStore == null ? null : trustStore.toAbsolutePath()), null);
    if (keyStore != null) {
      check(line, () -> EventBusTls.check(keyStore, password(EventBusTls.KEY_STORE_PASSWORD),
          "key store"), "-eventbus-keystore");
      check(line, () -> EventBusTls.check(trustStore, password(EventBusTls.TRUST_STORE_PASSWORD),
          "trust store"), "-eventbus-truststore");
    }
    if (!join.isMultiHost()) {
      for (String flag : NEED_A_CLUSTER) {
        if (parsed.hasMatchedOption(flag)) {
          throw new ParameterException(line, flag + " needs -cluster-name NAME (or "
              + "-hazelcast-config FILE): without it this launcher runs a cluster of its own");
        }
      }
    }
    check(line, () -> options.setJoin(join), null);
  }

  private static String password(String variable) {
    String value = System.getenv(variable);
    return value == null ? "" : value;
  }

  private static boolean isLocal(String host) {
    try {
      InetAddress wanted = InetAddress.getByName(host);
      return wanted.isLoopbackAddress() || HostPort.localAddresses().contains(wanted);
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static void check(CommandLine line, Runnable setter, String option) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(line, option == null ? e.getMessage()
          : option + ": " + e.getMessage());
    }
  }
}
