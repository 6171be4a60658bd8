package io.clusterkit.sticky.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one 503 writer, against a fake client socket: no event loop, no sockets. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ServiceUnavailableTest {

  /** Records what the answer does to its client; its one timer fires when a test says so. */
  private static final class FakeClient implements ServiceUnavailable.Client {

    final List<String> answers = new ArrayList<>();
    long timerMillis = -1;
    Runnable timer;
    boolean timerCancelled;

    @Override
    public Runnable schedule(long delayMillis, Runnable task) {
      timerMillis = delayMillis;
      timer = task;
      return () -> timerCancelled = true;
    }

    @Override
    public void answerAndClose(ByteBuf response) {
      answers.add(response.toString(StandardCharsets.US_ASCII));
      response.release();
    }
  }

  private final FakeClient client = new FakeClient();
  private final ServiceUnavailable answer =
      new ServiceUnavailable(client, Duration.ofMillis(250));

  private static ByteBuf text(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
  }

  @Test
  void theAnswerSaysCloseAndRetry() {
    String response = new String(ServiceUnavailable.RESPONSE, StandardCharsets.US_ASCII);
    assertThat(response).startsWith("HTTP/1.1 503 Service Unavailable\r\n")
        .contains("\r\nConnection: close\r\n", "\r\nRetry-After: 1\r\n",
            "\r\nContent-Type: text/plain; charset=utf-8\r\n",
            "\r\nContent-Length: " + ServiceUnavailable.BODY.length() + "\r\n")
        .endsWith("\r\n\r\n" + ServiceUnavailable.BODY);
  }

  @Test
  void answersOnceTheHeadHasEndedAndCancelsItsTimer() {
    answer.start();
    answer.read(text("GET / HTTP/1.1\r\nHost: a\r\n"));
    assertThat(client.answers).isEmpty();
    answer.read(text("\r\n"));
    answer.read(text("more\r\n\r\n"));
    answer.inputEnded();
    assertThat(client.answers).containsExactly(
        new String(ServiceUnavailable.RESPONSE, StandardCharsets.US_ASCII));
    assertThat(client.timerCancelled).isTrue();
    assertThat(answer.answered()).isTrue();
  }

  @Test
  void answersWhenTheHeadIsTooSlow() {
    answer.start();
    answer.read(text("GET / HT"));
    assertThat(client.timerMillis).isEqualTo(250);
    client.timer.run();
    assertThat(client.answers).hasSize(1);
    assertThat(client.timerCancelled).isFalse();
  }

  @Test
  void answersAtOnceWhenTheClientHasSentFin() {
    answer.start();
    answer.inputEnded();
    client.timer.run();
    assertThat(client.answers).hasSize(1);
  }
}
