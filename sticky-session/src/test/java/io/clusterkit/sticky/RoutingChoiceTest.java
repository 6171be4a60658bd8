package io.clusterkit.sticky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The launcher's one routing decision, with both probes faked: no sockets, no native code. */
@Timeout(10)
class RoutingChoiceTest {

  private static final String NO_EPOLL = "java.lang.UnsatisfiedLinkError: no epoll";
  private static final String NO_URING = "io_uring: blocked by seccomp";

  private static Supplier<String> works() {
    return () -> null;
  }

  private static Supplier<String> fails(String cause) {
    return () -> cause;
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      // balance,  router,  transport, hand-off works, io_uring works, mode,  transport
      "ip-hash,     null,    null,      true,  true,  HANDOFF,   IO_URING",
      "ip-hash,     auto,    auto,      true,  false, HANDOFF,   EPOLL",
      "round-robin, auto,    auto,      false, true,  FORWARD,   EPOLL",
      "least-conn,  forward, auto,      true,  true,  FORWARD,   EPOLL",
      "ip-hash,     handoff, epoll,     true,  true,  HANDOFF,   EPOLL",
      "ip-hash,     handoff, io_uring,  true,  true,  HANDOFF,   IO_URING",
      "reuseport,   forward, auto,      false, true,  REUSEPORT, IO_URING",
      "reuseport,   null,    auto,      true,  false, REUSEPORT, EPOLL"})
  void decidesModeThenTransport(String balance, String router, String transport,
      boolean handoff, boolean ioUring, RouterMode mode, WorkerTransport expected) {
    RoutingChoice choice = RoutingChoice.decide(balance, router, transport,
        handoff ? works() : fails(NO_EPOLL), ioUring ? works() : fails(NO_URING));
    assertThat(choice.mode()).isEqualTo(mode);
    assertThat(choice.transport()).isEqualTo(expected);
  }

  @Test
  void reasonsSayWhyAsTheLogLinesDid() {
    RoutingChoice handoff = RoutingChoice.decide("ip-hash", "auto", "auto", works(), works());
    assertThat(handoff.modeReason())
        .isEqualTo("accepted sockets are handed to workers (Linux, native epoll)");
    assertThat(handoff.transportReason()).isEqualTo("the kernel allows it");

    RoutingChoice fallback = RoutingChoice.decide("ip-hash", "auto", "auto", fails(NO_EPOLL),
        works());
    assertThat(fallback.modeReason()).isEqualTo("the launcher copies bytes to workers (socket "
        + "hand-off needs Linux and native epoll: " + NO_EPOLL + ")");
    assertThat(fallback.transportReason()).isEqualTo("forwarded workers listen on Unix domain "
        + "sockets, which Vert.x's io_uring transport lacks");

    RoutingChoice asked = RoutingChoice.decide("ip-hash", "FORWARD", "Epoll", works(), works());
    assertThat(asked.modeReason()).isEqualTo("the launcher copies bytes to workers (-router "
        + "forward)");
    assertThat(asked.transportReason()).isEqualTo("-transport epoll");

    RoutingChoice noUring = RoutingChoice.decide("reuseport", null, null, works(),
        fails(NO_URING));
    assertThat(noUring.modeReason()).startsWith("every worker listens on the public port");
    assertThat(noUring.transportReason()).isEqualTo("io_uring is unavailable: " + NO_URING);
  }

  @Test
  void probesOnlyWhatMattersAndEachOnce() {
    AtomicInteger handoffProbes = new AtomicInteger();
    AtomicInteger uringProbes = new AtomicInteger();
    Supplier<String> handoff = () -> {
      handoffProbes.incrementAndGet();
      return NO_EPOLL;
    };
    Supplier<String> uring = () -> {
      uringProbes.incrementAndGet();
      return NO_URING;
    };
    RoutingChoice.decide("ip-hash", "auto", "auto", handoff, uring);
    assertThat(handoffProbes).hasValue(1);
    assertThat(uringProbes).hasValue(0); // forwarded workers run epoll: io_uring is not asked

    RoutingChoice.decide("reuseport", "auto", "auto", handoff, uring);
    assertThat(handoffProbes).hasValue(1); // no router: hand-off is not asked
    assertThat(uringProbes).hasValue(1);

    RoutingChoice.decide("ip-hash", "forward", "epoll", handoff, uring);
    assertThat(handoffProbes).hasValue(1);
    assertThat(uringProbes).hasValue(1);
  }

  @Test
  void refusesWhatCannotWorkHereNamingTheCause() {
    assertThatThrownBy(() -> RoutingChoice.decide("ip-hash", "handoff", "auto", fails(NO_EPOLL),
        works()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("router handoff").hasMessageContaining(NO_EPOLL);
    assertThatThrownBy(() -> RoutingChoice.decide("ip-hash", "handoff", "io_uring", works(),
        fails(NO_URING)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(NO_URING);
    assertThatThrownBy(() -> RoutingChoice.decide("ip-hash", "forward", "io_uring", works(),
        works()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forward router");
  }

  @Test
  void refusesUnknownValues() {
    assertThatThrownBy(() -> RoutingChoice.decide("random", "auto", "auto", works(), works()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("random");
    assertThatThrownBy(() -> RoutingChoice.decide("ip-hash", "splice", "auto", works(),
        works()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("splice");
    assertThatThrownBy(() -> RoutingChoice.decide("ip-hash", "auto", "kqueue", works(),
        works()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kqueue");
  }
}
