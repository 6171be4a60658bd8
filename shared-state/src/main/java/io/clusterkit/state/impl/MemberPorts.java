package io.clusterkit.state.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a member listens when no port is given: the first free port of a block that lies outside
 * the kernel's ephemeral port range.
 *
 * <p>Why not port 0: the system then picks the listening port from the ephemeral range, the same
 * range outgoing connections take their local port from. When a member dies, the others keep
 * reconnecting to its port on the same host; once in about 28,000 attempts the kernel gives such a
 * connection that very port as its local port, and TCP connects the socket to itself. Hazelcast
 * 5.3 then records the dead member's address as one of its own, fails every later connection to
 * it with "Connecting to self!", and, because that failure comes before its heartbeat check, never
 * removes the dead member: the cluster stays wedged and new members cannot join. A listening port
 * outside the ephemeral range can never be an outgoing connection's local port.
 */
public final class MemberPorts {

  /** Hazelcast's customary first member port. */
  static final int PREFERRED_FIRST = 5701;

  /** How many ports a block holds: members of every cluster on one machine share it. */
  static final int BLOCK_SIZE = 1000;

  private static final int FIRST_UNPRIVILEGED = 1024;
  private static final int LAST_PORT = 65535;
  /** The kernel's ephemeral port range. */
  static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  /**
   * A block of ports a member tries in order.
   *
   * @param first the first port
   * @param count how many ports, first included
   */
  public record Block(int first, int count) {

    /** @return the last port of the block */
    public int last() {
      return first + count - 1;
    }

    boolean overlaps(int low, int high) {
      return first <= high && low <= last();
    }
  }

  private MemberPorts() {
  }

  /**
   * Chooses the block for this machine.
   *
   * @return the block, or empty when the ephemeral range leaves no room for one (then the member
   *     binds port 0, as a last resort)
   */
  public static Optional<Block> forThisMachine() {
    return ephemeralRange(EPHEMERAL_RANGE)
        .map(range -> outside(range[0], range[1]))
        .orElseGet(() -> Optional.of(new Block(PREFERRED_FIRST, BLOCK_SIZE)));
  }

  /**
   * Chooses a block of {@link #BLOCK_SIZE} unprivileged ports outside [low, high]: Hazelcast's
   * customary 5701 onwards if it is clear, else the ports just below the range, else just above.
   *
   * @param low the first ephemeral port
   * @param high the last ephemeral port
   * @return the block, or empty when none fits
   */
  static Optional<Block> outside(int low, int high) {
    Block preferred = new Block(PREFERRED_FIRST, BLOCK_SIZE);
    if (!preferred.overlaps(low, high)) {
      return Optional.of(preferred);
    }
    if (low - BLOCK_SIZE >= FIRST_UNPRIVILEGED) {
      return Optional.of(new Block(low - BLOCK_SIZE, BLOCK_SIZE));
    }
    if (high + BLOCK_SIZE <= LAST_PORT) {
      return Optional.of(new Block(high + 1, BLOCK_SIZE));
    }
    return Optional.empty();
  }

  /**
   * Reads the kernel's ephemeral port range.
   *
   * @param file {@code /proc/sys/net/ipv4/ip_local_port_range} or a file like it
   * @return {low, high}, or empty when the file is missing (not Linux) or unreadable
   */
  static Optional<int[]> ephemeralRange(Path file) {
    try {
      String[] bounds = Files.readString(file).trim().split("\\s+");
      if (bounds.length != 2) {
        return Optional.empty();
      }
      return Optional.of(new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])});
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
