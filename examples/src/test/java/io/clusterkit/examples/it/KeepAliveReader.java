package io.clusterkit.examples.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Reads one HTTP/1.1 response at a time (head, then a Content-Length body) from a socket. */
final class KeepAliveReader {

  private final InputStream in;

  KeepAliveReader(Socket socket) throws IOException {
    this.in = socket.getInputStream();
  }

  RawHttp.Response read() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + head.size() + " bytes of a head");
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    RawHttp.Response parsed = RawHttp.parse(head.toByteArray());
    int length = Integer.parseInt(parsed.headers().getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      throw new IOException("connection closed after " + body.length + " of " + length);
    }
    return new RawHttp.Response(parsed.status(), parsed.headers(),
        new String(body, StandardCharsets.UTF_8));
  }
}
