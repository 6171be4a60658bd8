package io.clusterkit.launcher;

import io.clusterkit.launcher.impl.HostPort;
import io.clusterkit.state.MembershipOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a launcher joins launchers on other hosts into one cluster ({@code -cluster-name},
 * {@code -members}, {@code -cluster-host}, {@code -cluster-public-host},
 * {@code -hazelcast-config}, {@code -backup-count}, {@code -join-timeout}). The defaults keep a
 * launcher on its own: a unique cluster name, loopback only.
 */
public final class JoinOptions {

  /** The interface Hazelcast and the event bus bind to by default: loopback. */
  public static final String DEFAULT_CLUSTER_HOST = MembershipOptions.DEFAULT_HOST;
  /** The Hazelcast port of a member named without one in {@code -members}. */
  public static final int DEFAULT_MEMBER_PORT = 5701;
  /** Synchronous backups of every entry on other launchers by default. */
  public static final int DEFAULT_BACKUP_COUNT = MembershipOptions.DEFAULT_BACKUP_COUNT;
  /** How long a launcher waits for the members it lists before it gives up with an error. */
  public static final Duration DEFAULT_JOIN_TIMEOUT = Duration.ofSeconds(15);

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private String clusterName;
  private final List<String> members = new ArrayList<>();
  private String clusterHost = DEFAULT_CLUSTER_HOST;
  private String clusterPublicHost;
  private Path hazelcastConfig;
  private int backupCount = DEFAULT_BACKUP_COUNT;
  private Duration joinTimeout = DEFAULT_JOIN_TIMEOUT;
  private Path eventBusKeyStore;
  private Path eventBusTrustStore;

  /** Creates options for a launcher on its own. */
  public JoinOptions() {
  }

  /**
   * Copies other.
   *
   * @param other the options to copy
   */
  public JoinOptions(JoinOptions other) {
    this.clusterName = other.clusterName;
    this.members.addAll(other.members);
    this.clusterHost = other.clusterHost;
    this.clusterPublicHost = other.clusterPublicHost;
    this.hazelcastConfig = other.hazelcastConfig;
    this.backupCount = other.backupCount;
    this.joinTimeout = other.joinTimeout;
    this.eventBusKeyStore = other.eventBusKeyStore;
    this.eventBusTrustStore = other.eventBusTrustStore;
  }

  /** @return whether these options join other hosts (a cluster name or a configuration file) */
  public boolean isMultiHost() {
    return clusterName != null || hazelcastConfig != null;
  }

  /** @return the cluster name shared by every launcher of the cluster, or null for a unique one */
  public String getClusterName() {
    return clusterName;
  }

  /**
   * Sets the cluster name every launcher of one cluster shares.
   *
   * @param clusterName 1 to 64 letters, digits, '.', '_' or '-'; null for a unique name
   * @return these options
   */
  public JoinOptions setClusterName(String clusterName) {
    if (clusterName != null && !NAME.matcher(clusterName).matches()) {
      throw new IllegalArgumentException("cluster name must be 1 to 64 letters, digits, '.', '_' "
          + "or '-', was '" + clusterName + "'");
    }
    this.clusterName = clusterName;
    return this;
  }

  /** @return the members contacted to join, each as HOST:PORT */
  public List<String> getMembers() {
    return List.copyOf(members);
  }

  /**
   * Adds a member to contact when joining (TCP-IP join).
   *
   * @param member an IP address or host name, with {@code :PORT} or else port
   *     {@value #DEFAULT_MEMBER_PORT}; IPv6 in brackets
   * @return these options
   */
  public JoinOptions addMember(String member) {
    members.add(HostPort.parse(member, DEFAULT_MEMBER_PORT).toString());
    return this;
  }

  /** @return the address Hazelcast and the event bus bind to and advertise */
  public String getClusterHost() {
    return clusterHost;
  }

  /**
   * Sets the address Hazelcast and the event bus of the launcher and its workers bind to.
   *
   * @param clusterHost an IP address (never 0.0.0.0 or ::)
   * @return these options
   */
  public JoinOptions setClusterHost(String clusterHost) {
    this.clusterHost = HostPort.literal(clusterHost, "cluster host");
    return this;
  }

  /** @return the address other hosts reach this one at, or null when it is the cluster host */
  public String getClusterPublicHost() {
    return clusterPublicHost;
  }

  /**
   * Sets the address other hosts reach this one at, when it is not the bound one (NAT).
   *
   * @param publicHost an IP address or host name, or null
   * @return these options
   */
  public JoinOptions setClusterPublicHost(String publicHost) {
    if (publicHost != null && publicHost.isBlank()) {
      throw new IllegalArgumentException("cluster public host must not be blank");
    }
    this.clusterPublicHost = publicHost;
    return this;
  }

  /** @return the Hazelcast configuration file that replaces the join flags, or null */
  public Path getHazelcastConfig() {
    return hazelcastConfig;
  }

  /**
   * Uses a Hazelcast configuration file (XML or YAML) for the network and join settings the
   * flags do not cover (Kubernetes DNS discovery, multicast, cloud).
   *
   * @param file the file, or null
   * @return these options
   */
  public JoinOptions setHazelcastConfig(Path file) {
    this.hazelcastConfig = file;
    return this;
  }

  /** @return the synchronous backups of each entry kept on other launchers */
  public int getBackupCount() {
    return backupCount;
  }

  /**
   * Sets how many other launchers keep a synchronous copy of each entry.
   *
   * @param backupCount 0..{@value MembershipOptions#MAX_BACKUP_COUNT}
   * @return these options
   */
  public JoinOptions setBackupCount(int backupCount) {
    new MembershipOptions().setBackupCount(backupCount);
    this.backupCount = backupCount;
    return this;
  }

  /** @return how long the launcher waits to join the members it lists */
  public Duration getJoinTimeout() {
    return joinTimeout;
  }

  /**
   * Sets how long the launcher waits to join the members it lists before it stops with an error.
   *
   * @param joinTimeout 1 s or more
   * @return these options
   */
  public JoinOptions setJoinTimeout(Duration joinTimeout) {
    Objects.requireNonNull(joinTimeout, "joinTimeout");
    if (joinTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("join timeout must be >= 1s, was " + joinTimeout);
    }
    this.joinTimeout = joinTimeout;
    return this;
  }

  /** @return the key store of the event bus's TLS, or null for a plain event bus */
  public Path getEventBusKeyStore() {
    return eventBusKeyStore;
  }

  /** @return the trust store of the event bus's TLS, or null for a plain event bus */
  public Path getEventBusTrustStore() {
    return eventBusTrustStore;
  }

  /**
   * Turns on TLS with client certificates for the event bus between every JVM of the cluster:
   * each presents the key store's certificate and accepts only peers the trust store vouches for.
   * The passwords come from the environment ({@code CLUSTERKIT_EVENTBUS_KEYSTORE_PASSWORD},
   * {@code CLUSTERKIT_EVENTBUS_TRUSTSTORE_PASSWORD}).
   *
   * @param keyStore a PKCS#12 (or {@code .jks}) key store, or null with trustStore for no TLS
   * @param trustStore a PKCS#12 (or {@code .jks}) trust store, or null with keyStore
   * @return these options
   */
  public JoinOptions setEventBusTls(Path keyStore, Path trustStore) {
    if ((keyStore == null) != (trustStore == null)) {
      throw new IllegalArgumentException("-eventbus-keystore and -eventbus-truststore go together: "
          + "each JVM presents its certificate and checks its peers'");
    }
    this.eventBusKeyStore = keyStore;
    this.eventBusTrustStore = trustStore;
    return this;
  }

  /**
   * Checks that the settings fit together.
   *
   * @throws IllegalArgumentException naming the flags that conflict
   */
  public void validate() {
    if (!members.isEmpty() && clusterName == null && hazelcastConfig == null) {
      throw new IllegalArgumentException("-members needs -cluster-name NAME (the same on every "
          + "host): without it this launcher's cluster has a name of its own that no member knows");
    }
    if (!members.isEmpty() && hazelcastConfig != null) {
      throw new IllegalArgumentException("-members does not go with -hazelcast-config: the "
          + "file's join section says how members find each other");
    }
    if (HostPort.isLoopback(clusterHost)) {
      for (String member : members) {
        if (!HostPort.isLoopback(HostPort.parse(member, DEFAULT_MEMBER_PORT).host())) {
          throw new IllegalArgumentException("-members names " + member + " but -cluster-host is "
              + clusterHost + ": other hosts cannot reach a launcher bound to loopback; give "
              + "-cluster-host the address of this host's cluster network");
        }
      }
    }
  }
}
