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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns the several-hosts flags ({@code -cluster-name}, {@code -members}, {@code -cluster-host},
 * {@code -cluster-public-host}, {@code -hazelcast-config}, {@code -backup-count},
 * {@code -join-timeout}) into {@link JoinOptions}, checking what can be checked before anything
 * starts: the syntax of each, that the cluster host is an address of this machine, that the file
 * is readable, and that they fit together.
 */
final class JoinFlags {

  /** The flags that only mean something when this launcher joins other hosts. */
  static final List<String> NEED_A_CLUSTER = List.of("-cluster-host", "-cluster-public-host",
      "-backup-count", "-join-timeout");

  private JoinFlags() {
  }

  /**
   * Reads the flags into options.
   *
   * @throws ParameterException with one line naming the flag at fault
   */
  static void apply(CommandLine line, LauncherOptions options, String clusterName,
      String members, String clusterHost, String publicHost, Path hazelcastConfig,
      int backupCount, String joinTimeout, Path keyStore, Path trustStore, ParseResult parsed) {
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
