package io.clusterkit.state.impl;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.clusterkit.state.MembershipOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Builds the Hazelcast {@link Config} of a ClusterKit member from {@link MembershipOptions}.
 *
 * <p>Starts from Vert.x's own configuration (its subscription and node maps), then: the given
 * cluster name; bind to the given host only, on the given port or else on the first free port of
 * a block outside the kernel's ephemeral range ({@link MemberPorts}); TCP-IP join to the listed
 * members with a short connection timeout; no multicast or auto-detection; no wait before the
 * join; no shutdown hook; no phone-home; logs through SLF4J; the given number of synchronous
 * backups of every map; and, for a member that may reach other hosts, a failure-detector bound of
 * {@link MembershipOptions#MULTI_HOST_HEARTBEAT_TIMEOUT_SECONDS} instead of Hazelcast's 60 s; a
 * graceful leave bounded by {@link MembershipOptions#LEAVE_TIMEOUT_SECONDS} instead of 600 s;
 * and an outgoing connection's source left to the kernel when a public address is advertised.
 * With a configuration file, the file's network and join settings are
 * kept and only what ClusterKit needs is added.
 */
public final class HazelcastConfigs {

  /** Hazelcast's failure-detector bound: a member silent this long is suspected dead. */
  static final String HEARTBEAT_TIMEOUT = "hazelcast.max.no.heartbeat.seconds";
  /** Hazelcast's bound on a graceful leave, and on each answer of its partition-safety check. */
  static final String LEAVE_TIMEOUT = "hazelcast.graceful.shutdown.max.wait";

  private HazelcastConfigs() {
  }

  /** @return whether the member may reach other hosts: a configuration file, or a LAN address */
  private static boolean spansHosts(MembershipOptions options) {
    if (options.getConfigFile() != null) {
      return true;
    }
    try {
      return !InetAddress.getByName(options.getHost()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return true;
    }
  }

  /**
   * Builds a configuration.
   *
   * @param options the member's options; the cluster name must be set
   * @return a new Hazelcast configuration
   */
  public static Config build(MembershipOptions options) {
    if (options.getConfigFile() != null) {
      return fromFile(options);
    }
    Objects.requireNonNull(options.getClusterName(), "clusterName");
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(options.getClusterName());
    common(config, options);
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.local.localAddress", options.getHost());

    NetworkConfig network = config.getNetworkConfig();
    if (options.getPort() != 0) {
      network.setPort(options.getPort()).setPortAutoIncrement(false);
    } else {
      MemberPorts.forThisMachine().ifPresentOrElse(
          block -> network.setPort(block.first()).setPortCount(block.count())
              .setPortAutoIncrement(true),
          () -> network.setPort(0).setPortAutoIncrement(false));
    }
    network.setPublicAddress(options.getPublicHost());
    if (options.getPublicHost() != null) {
      // Hazelcast binds the sockets it dials out from to its own address, which is the public
      // one when set: behind a NAT that address is on no interface here, so every connection
      // this member opens would fail and it could join only through members that dial it
      config.setProperty("hazelcast.socket.client.bind", "false");
    }
    network.getInterfaces().setEnabled(false);

    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig()
        .setEnabled(true)
        .setConnectionTimeoutSeconds(1)
        .setMembers(options.getMembers());
    return config;
  }

  /**
   * The user's own file for the network and join, with what ClusterKit needs added: Vert.x's
   * maps where the file does not configure them, the backup count, the lite-member flag, no
   * shutdown hook, and the cluster name when one is given.
   */
  private static Config fromFile(MembershipOptions options) {
    Config config;
    try {
      checkWellFormedXml(options.getConfigFile());
      config = Config.loadFromFile(options.getConfigFile().toFile());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("Hazelcast configuration " + options.getConfigFile()
          + " cannot be read: " + e.getMessage(), e);
    }
    Config vertx = ConfigUtil.loadConfig();
    vertx.getMapConfigs().forEach((name, map) -> {
      if (!config.getMapConfigs().containsKey(name)) {
        config.addMapConfig(map);
      }
    });
    vertx.getMultiMapConfigs().forEach((name, map) -> {
      if (!config.getMultiMapConfigs().containsKey(name)) {
        config.addMultiMapConfig(map);
      }
    });
    if (options.getClusterName() != null) {
      config.setClusterName(options.getClusterName());
    }
    common(config, options);
    return config;
  }

  /**
   * Parses an XML file quietly first: Hazelcast's own parser prints the JDK's "[Fatal Error]" and
   * a log record of its own to stderr before it throws, and a bad file must be one line.
   */
  private static void checkWellFormedXml(Path file) throws IOException {
    if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml")) {
      return;
    }
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(new DefaultHandler() {
        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      });
      builder.parse(file.toFile());
    } catch (SAXParseException e) {
      throw new IllegalArgumentException("line " + e.getLineNumber() + ": " + e.getMessage(), e);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** What every ClusterKit member gets, from ClusterKit's settings or from a file. */
  private static void common(Config config, MembershipOptions options) {
    config.setLiteMember(options.isLiteMember());
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    if (spansHosts(options) && config.getProperty(HEARTBEAT_TIMEOUT) == null
        && System.getProperty(HEARTBEAT_TIMEOUT) == null) {
      config.setProperty(HEARTBEAT_TIMEOUT,
          Integer.toString(MembershipOptions.MULTI_HOST_HEARTBEAT_TIMEOUT_SECONDS));
    }
    if (config.getProperty(LEAVE_TIMEOUT) == null && System.getProperty(LEAVE_TIMEOUT) == null) {
      config.setProperty(LEAVE_TIMEOUT, Integer.toString(MembershipOptions.LEAVE_TIMEOUT_SECONDS));
    }
    int backups = options.getBackupCount();
    config.getMapConfig("default").setBackupCount(backups).setAsyncBackupCount(0);
    config.getMapConfigs().values().forEach(map -> map.setBackupCount(backups)
        .setAsyncBackupCount(0));
    config.getMultiMapConfigs().values().forEach(map -> map.setBackupCount(backups)
        .setAsyncBackupCount(0));
  }
}
