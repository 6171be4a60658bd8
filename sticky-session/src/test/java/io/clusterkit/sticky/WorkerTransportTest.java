package io.clusterkit.sticky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkerTransportTest {

  private static final String NO_URING = "io_uring_setup: Operation not permitted";

  @Test
  void autoTakesIoUringForHandedOffSocketsWhereItWorksAndEpollElsewhere() {
    assertThat(WorkerTransport.select("auto", RouterMode.HANDOFF, () -> null))
        .isEqualTo(WorkerTransport.IO_URING);
    assertThat(WorkerTransport.select(null, RouterMode.HANDOFF, () -> NO_URING))
        .isEqualTo(WorkerTransport.EPOLL);
  }

  @Test
  void reuseportWorkersTakeIoUringUnderAutoWhereItWorks() {
    assertThat(WorkerTransport.select(" AUTO ", RouterMode.REUSEPORT, () -> null))
        .isEqualTo(WorkerTransport.IO_URING);
    assertThat(WorkerTransport.select("auto", RouterMode.REUSEPORT, () -> NO_URING))
        .isEqualTo(WorkerTransport.EPOLL);
    assertThat(WorkerTransport.select("epoll", RouterMode.REUSEPORT, () -> null))
        .isEqualTo(WorkerTransport.EPOLL);
    assertThatThrownBy(
        () -> WorkerTransport.select("io_uring", RouterMode.REUSEPORT, () -> NO_URING))
        .hasMessage("-transport io_uring is unavailable here: " + NO_URING);
  }

  @Test
  void forwardedWorkersRunEpollAndRefuseAnExplicitIoUring() {
    assertThat(WorkerTransport.select("auto", RouterMode.FORWARD, () -> null))
        .isEqualTo(WorkerTransport.EPOLL);
    assertThatThrownBy(() -> WorkerTransport.select("io_uring", RouterMode.FORWARD, () -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("-transport io_uring does not work with the forward router");
  }

  @Test
  void explicitChoicesAreKeptOrRefusedWithTheCause() {
    assertThat(WorkerTransport.select("epoll", RouterMode.HANDOFF, () -> null))
        .isEqualTo(WorkerTransport.EPOLL);
    assertThat(WorkerTransport.select("io_uring", RouterMode.HANDOFF, () -> null))
        .isEqualTo(WorkerTransport.IO_URING);
    assertThatThrownBy(
        () -> WorkerTransport.select("io_uring", RouterMode.HANDOFF, () -> NO_URING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("-transport io_uring is unavailable here: " + NO_URING);
  }

  @Test
  void namesAreCheckedOnTheCommandLineAndInTheEnvironment() {
    assertThat(WorkerTransport.checkChoice("IO_URING")).isEqualTo("io_uring");
    assertThatThrownBy(() -> WorkerTransport.checkChoice("kqueue"))
        .hasMessage("transport must be auto, io_uring or epoll, was 'kqueue'");
    assertThat(WorkerTransport.of("io_uring")).isEqualTo(WorkerTransport.IO_URING);
    assertThatThrownBy(() -> WorkerTransport.of("auto"))
        .hasMessage("CLUSTERKIT_TRANSPORT must be io_uring or epoll, was 'auto'");
  }
}
