package io.clusterkit.sticky.handoff;

import io.netty.channel.unix.FileDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Carries the bytes the launcher read from a client socket (its PROXY header) to the worker
 * beside the socket's descriptor, for both halves of the hand-off: a pipe filled and closed for
 * writing by the launcher, whose read end travels over the hand-off socket right after the
 * client socket. The hand-off stream carries descriptors only, so the bytes ride in one; they
 * are at most {@link HandoffWire#MAX_PREFIX} bytes, well under a pipe's capacity, so the writes
 * never wait.
 */
public final class PrefixPipe {

  private PrefixPipe() {
  }

  /**
   * Makes a pipe holding bytes, closed for writing.
   *
   * @param bytes what the reader will find
   * @return the read end; the caller closes its copy once it has been sent
   * @throws IOException when the pipe cannot be made or filled
   */
  public static FileDescriptor of(byte[] bytes) throws IOException {
    FileDescriptor[] pipe = FileDescriptor.pipe();
    try {
      ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(1, bytes.length));
      buffer.put(bytes).flip();
      int written = 0;
      while (written < bytes.length) {
        int n = pipe[1].write(buffer, buffer.position(), buffer.limit());
        if (n <= 0) {
          throw new IOException("the prefix pipe took " + written + " of " + bytes.length
              + " bytes");
        }
        written += n;
        buffer.position(buffer.position() + n);
      }
    } catch (IOException | RuntimeException e) {
      pipe[0].close();
      throw e;
    } finally {
      pipe[1].close();
    }
    return pipe[0];
  }

  /**
   * Reads everything a prefix pipe holds, then closes it.
   *
   * @param pipe the read end received from the launcher
   * @return the bytes
   * @throws IOException when it cannot be read, or holds more than a prefix may
   */
  public static byte[] drain(FileDescriptor pipe) throws IOException {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
      while (true) {
        int n = pipe.read(buffer, 0, buffer.capacity());
        if (n <= 0) {
          return out.toByteArray();
        }
        if (out.size() + n > HandoffWire.MAX_PREFIX) {
          throw new IOException("prefix longer than " + HandoffWire.MAX_PREFIX + " bytes");
        }
        byte[] chunk = new byte[n];
        buffer.get(0, chunk);
        out.write(chunk);
      }
    } finally {
      pipe.close();
    }
  }
}
