package io.clusterkit.state;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How one JVM joins a ClusterKit cluster: the cluster's name, the loopback or LAN address it
 * binds, the members it contacts to join, and whether it holds data.
 *
 * <p>Defaults are safe: bind to loopback only, a free port outside the kernel's ephemeral range,
 * no multicast.
 */
public final class MembershipOptions {

  /** The default bind host: loopback, so nothing outside this machine can join. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /**
   * The default member port: 0 takes the first free port from 5701 on (or another block outside
   * the kernel's ephemeral range), so that no outgoing connection can ever connect to itself.
   */
  public static final int DEFAULT_PORT = 0;

  /** By default a member holds data (the launcher); workers are lite members. */
  public static final boolean DEFAULT_LITE_MEMBER = false;

  /**
   * Synchronous backups of every map entry by default: one, so that losing any one data member
   * loses nothing.
   */
  public static final int DEFAULT_BACKUP_COUNT = 1;

  /**
   * How long a member that spans hosts (bound to an address other than loopback, or configured
   * by a file) waits without a heartbeat from another member before it suspects it dead:
   * Hazelcast's {@code hazelcast.max.no.heartbeat.seconds}, 60 s by default, lowered so that a
   * host that vanishes from the network without a connection reset (a power cut, a cable, a
   * frozen VM) is declared gone within about 15 s. A member whose processes die is declared gone
   * sooner, as soon as the kernel resets their connections. A system property or the file's own
   * setting wins.
   */
  public static final int MULTI_HOST_HEARTBEAT_TIMEOUT_SECONDS = 15;

  /**
   * The longest a member's graceful leave (handing its partitions to the others) may take:
   * Hazelcast's {@code hazelcast.graceful.shutdown.max.wait}, 600 s by default, lowered so that
   * a stopping launcher ends within a stated bound however the cluster behaves. The same
   * property bounds each answer Hazelcast's partition-safety check waits for. A system property
   * or a configuration file's own setting wins.
   */
  public static final int LEAVE_TIMEOUT_SECONDS = 60;

  /** The most synchronous backups Hazelcast keeps of an entry. */
  public static final int MAX_BACKUP_COUNT = 6;

  private String clusterName;
  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private final List<String> members = new ArrayList<>();
  private boolean liteMember = DEFAULT_LITE_MEMBER;
  private String publicHost;
  private int backupCount = DEFAULT_BACKUP_COUNT;
  private Path configFile;

  /** Creates options with the defaults and no cluster name yet. */
  public MembershipOptions() {
  }

  /**
   * Copies other.
   *
   * @param other the options to copy
   */
  public MembershipOptions(MembershipOptions other) {
    this.clusterName = other.clusterName;
    this.host = other.host;
    this.port = other.port;
    this.members.addAll(other.members);
    this.liteMember = other.liteMember;
    this.publicHost = other.publicHost;
    this.backupCount = other.backupCount;
    this.configFile = other.configFile;
  }

  /** @return the cluster name, a secret shared by the launcher and its workers */
  public String getClusterName() {
    return clusterName;
  }

  /**
   * Sets the cluster name; members with another name never join this cluster.
   *
   * @param clusterName a non-blank name
   * @return these options
   */
  public MembershipOptions setClusterName(String clusterName) {
    Objects.requireNonNull(clusterName, "clusterName");
    if (clusterName.isBlank()) {
      throw new IllegalArgumentException("clusterName must not be blank");
    }
    this.clusterName = clusterName;
    return this;
  }

  /** @return the address the member binds and advertises */
  public String getHost() {
    return host;
  }

  /**
   * Sets the address the member binds and advertises.
   *
   * @param host an IP address of this machine
   * @return these options
   */
  public MembershipOptions setHost(String host) {
    this.host = Objects.requireNonNull(host, "host");
    return this;
  }

  /** @return the member port, 0 for the first free one outside the ephemeral range */
  public int getPort() {
    return port;
  }

  /**
   * Sets the member port.
   *
   * @param port 0..65535, 0 for the first free one outside the ephemeral range
   * @return these options
   */
  public MembershipOptions setPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in 0..65535, was " + port);
    }
    this.port = port;
    return this;
  }

  /** @return the members (host:port) contacted to join, empty for the first member */
  public List<String> getMembers() {
    return List.copyOf(members);
  }

  /**
   * Adds a member to contact when joining.
   *
   * @param hostPort an address such as {@code 127.0.0.1:5701}
   * @return these options
   */
  public MembershipOptions addMember(String hostPort) {
    Objects.requireNonNull(hostPort, "hostPort");
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("member must be host:port, was '" + hostPort + "'");
    }
    members.add(hostPort);
    return this;
  }

  /** @return whether this member holds no data */
  public boolean isLiteMember() {
    return liteMember;
  }

  /**
   * Makes this member a lite member (holds no data, joins and leaves without migrating partitions).
   *
   * @param liteMember true for a lite member
   * @return these options
   */
  public MembershipOptions setLiteMember(boolean liteMember) {
    this.liteMember = liteMember;
    return this;
  }

  /** @return the address other hosts reach this member at, or null for {@link #getHost()} */
  public String getPublicHost() {
    return publicHost;
  }

  /**
   * Sets the address this member advertises to other hosts when it differs from the one it binds
   * (behind NAT).
   *
   * @param publicHost an address, or null to advertise the bound one
   * @return these options
   */
  public MembershipOptions setPublicHost(String publicHost) {
    this.publicHost = publicHost;
    return this;
  }

  /** @return the synchronous backups kept of every map entry */
  public int getBackupCount() {
    return backupCount;
  }

  /**
   * Sets how many synchronous backups of every map entry (maps, counters, locks, sessions) other
   * data members keep.
   *
   * @param backupCount 0..{@value #MAX_BACKUP_COUNT}
   * @return these options
   */
  public MembershipOptions setBackupCount(int backupCount) {
    if (backupCount < 0 || backupCount > MAX_BACKUP_COUNT) {
      throw new IllegalArgumentException("backup count must be in 0.." + MAX_BACKUP_COUNT
          + ", was " + backupCount);
    }
    this.backupCount = backupCount;
    return this;
  }

  /** @return the Hazelcast configuration file used instead of ClusterKit's network settings */
  public Path getConfigFile() {
    return configFile;
  }

  /**
   * Uses a whole Hazelcast configuration file (XML or YAML) for the network and join settings
   * (Kubernetes discovery, multicast, cloud); ClusterKit still adds Vert.x's maps, the backup
   * count, the lite-member flag and, when set, the cluster name.
   *
   * @param configFile the file, or null for ClusterKit's own settings
   * @return these options
   */
  public MembershipOptions setConfigFile(Path configFile) {
    this.configFile = configFile;
    return this;
  }
}
