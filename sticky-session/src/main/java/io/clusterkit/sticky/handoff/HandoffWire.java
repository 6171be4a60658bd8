package io.clusterkit.sticky.handoff;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import java.io.IOException;

/**
 * The hand-off wire protocol between the launcher and a worker, over the worker's private Unix
 * domain socket. Launcher to worker: only file descriptors (one accepted client socket per
 * {@code sendmsg}, with one dummy byte). Worker to launcher: fixed {@value #REPORT_BYTES}-byte
 * reports, each three big-endian ints, in the order the descriptors arrived:
 * <ol>
 *   <li>accepted: the next n descriptors are the worker's now; the launcher closes its copies;
 *   <li>refused: the n descriptors after those were closed unread by the worker (it is closing);
 *       the launcher gives them to another worker;
 *   <li>closed: n connections the worker had accepted have ended since the last report.
 * </ol>
 * A worker writes a report before it reads a byte from the sockets it accepts in it, so every
 * descriptor the launcher has no report for when the link ends was never read by the worker.
 *
 * <p>Behind a load balancer (PROXY protocol inbound) the launcher reads each connection's header
 * before it chooses a worker; those bytes travel as a second descriptor right after the socket's,
 * the read end of a pipe holding them ({@link PrefixPipe}), and a report counts the pair as one
 * socket.
 */
public final class HandoffWire {

  /** The size of one worker report. */
  public static final int REPORT_BYTES = 12;

  /** Most descriptors a launcher has written to one worker and not yet had reported. */
  public static final int MAX_IN_FLIGHT = 64;

  /** The launcher stops accepting when a worker has this many descriptors waiting or in flight. */
  public static final int PAUSE_AT = 64;

  /** The launcher accepts again once every worker is down to this many. */
  public static final int RESUME_AT = 32;

  /** The most bytes of a prefix (see {@link PrefixPipe}); a v2 PROXY header with big TLVs fits. */
  public static final int MAX_PREFIX = 16 * 1024;

  private HandoffWire() {
  }

  /**
   * Shuts a socket down both ways, if it is still open; callable from any thread.
   *
   * @param socket the socket
   */
  public static void shutdownQuietly(Socket socket) {
    try {
      socket.shutdown(true, true);
    } catch (IOException | RuntimeException e) {
      // already closed or shut down
    }
  }

  /**
   * Closes a descriptor of the hand-off (a client socket, a prefix pipe), ignoring a failure:
   * it was closed already.
   *
   * @param fd the descriptor
   */
  public static void closeQuietly(FileDescriptor fd) {
    try {
      fd.close();
    } catch (IOException e) {
      // already closed
    }
  }

  /**
   * Encodes one report.
   *
   * @param alloc the allocator
   * @param accepted descriptors the worker took, {@code >= 0}
   * @param refused descriptors it closed unread right after those, {@code >= 0}
   * @param closed accepted connections that have ended since the last report, {@code >= 0}
   * @return a buffer of {@value #REPORT_BYTES} bytes
   */
  public static ByteBuf report(ByteBufAllocator alloc, int accepted, int refused, int closed) {
    return writeReport(alloc.buffer(REPORT_BYTES), accepted, refused, closed);
  }

  /**
   * Appends one report to a buffer, as {@link #report} encodes it.
   *
   * @param into the buffer
   * @param accepted descriptors the worker took, {@code >= 0}
   * @param refused descriptors it closed unread right after those, {@code >= 0}
   * @param closed accepted connections that have ended since the last report, {@code >= 0}
   * @return into, {@value #REPORT_BYTES} bytes longer
   */
  public static ByteBuf writeReport(ByteBuf into, int accepted, int refused, int closed) {
    if (accepted < 0 || refused < 0 || closed < 0) {
      throw new IllegalArgumentException("report counts must be >= 0, were " + accepted + ", "
          + refused + ", " + closed);
    }
    return into.writeInt(accepted).writeInt(refused).writeInt(closed);
  }

  /**
   * One decoded report.
   *
   * @param accepted descriptors the worker took
   * @param refused descriptors it closed unread
   * @param closed accepted connections that ended
   */
  public record Report(int accepted, int refused, int closed) {

    /**
     * Reads one report from a frame of exactly {@value #REPORT_BYTES} bytes.
     *
     * @param frame the frame; its reader index moves past the report
     * @return the report
     * @throws IllegalArgumentException when a count is negative
     */
    public static Report read(ByteBuf frame) {
      Report report = new Report(frame.readInt(), frame.readInt(), frame.readInt());
      if (report.accepted < 0 || report.refused < 0 || report.closed < 0) {
        throw new IllegalArgumentException("malformed hand-off report " + report);
      }
      return report;
    }
  }
}
