package io.clusterkit.sticky.net;

import io.netty.buffer.ByteBuf;

/**
 * Finds the end of an HTTP/1 head (an empty line) across buffers, or gives up at
 * {@link ServiceUnavailable#MAX_HEAD} bytes.
 */
final class HeadScanner {

  private int newlines;
  private int seen;

  /**
   * Scans more bytes.
   *
   * @param buffer the bytes; its reader index is not moved
   * @return whether the head has ended (or is too long to wait for)
   */
  boolean feed(ByteBuf buffer) {
    for (int i = buffer.readerIndex(); i < buffer.writerIndex(); i++) {
      byte b = buffer.getByte(i);
      seen++;
      if (b == '\n') {
        if (++newlines == 2) {
          return true;
        }
      } else if (b != '\r') {
        newlines = 0;
      }
    }
    return seen >= ServiceUnavailable.MAX_HEAD;
  }
}
