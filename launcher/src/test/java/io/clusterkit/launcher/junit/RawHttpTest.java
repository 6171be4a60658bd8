package io.clusterkit.launcher.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawHttpTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parsesStatusLowerCasedHeadersAndAJsonBody() throws IOException {
    RawHttp.Response response = RawHttp.parse(bytes("HTTP/1.1 200 OK\r\nContent-Type: "
        + "application/json\r\nConnection: close\r\n\r\n{\"worker\":1,\"pid\":4711}"));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers()).containsEntry("connection", "close")
        .containsEntry("content-type", "application/json");
    assertThat(response.worker()).isEqualTo(1);
    assertThat(response.pid()).isEqualTo(4711L);
  }

  @Test
  void dechunksAChunkedBody() throws IOException {
    RawHttp.Response response = RawHttp.parse(bytes("HTTP/1.1 503 Service Unavailable\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n4\r\nno w\r\n6\r\norker\n\r\n0\r\n\r\n"));
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("no worker\n");
  }

  @Test
  void anIncompleteHeadIsAnIoException() {
    assertThatThrownBy(() -> RawHttp.parse(bytes("HTTP/1.1 200 OK\r\nContent-")))
        .isInstanceOf(IOException.class).hasMessageContaining("no complete HTTP response head");
  }
}
