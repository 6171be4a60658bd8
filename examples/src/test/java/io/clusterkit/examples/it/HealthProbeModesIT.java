package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The health check reaches each worker's own server whichever way connections reach it: with the
 * launcher forwarding bytes to the worker's Unix socket (which expects the launcher's PROXY
 * header), and with workers listening on the public port themselves (reuseport). The worker
 * becomes READY only through a passing check, and is replaced once its check fails. (Socket
 * hand-off to io_uring workers, the default where the kernel allows it, whose check goes over
 * loopback TCP, is covered by {@link HealthProbeIT}; hand-off to epoll workers, whose check goes
 * over a Unix socket, here.)
 */
@Timeout(180)
class HealthProbeModesIT {

  private final List<LauncherProcess> started = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    started.forEach(LauncherProcess::close);
  }

  private static long pidAnswering(int port) {
    return Poll.until(Duration.ofSeconds(20), () -> {
      try {
        RawHttp.Response response = RawHttp.get(port, "/", 5_000);
        return response.status() == 200 ? response.pid() : -1L;
      } catch (IOException e) {
        return -1L;
      }
    }, pid -> pid > 0, () -> "an answer on port " + port);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"-router forward", "-balance reuseport", "-transport epoll"})
  void workerIsAdmittedByItsCheckAndReplacedWhenItFails(String mode) throws Exception {
    String[] modeArgs = mode.split(" ");
    LauncherProcess launcher = LauncherProcess.cluster(1, LauncherProcess.TEST_CLASSES,
        "io.clusterkit.examples.it.HealthCheckVerticle", modeArgs[0], modeArgs[1],
        "-health", "/healthz", "-health-interval", "0.5", "-health-failures", "2");
    started.add(launcher);
    int port = launcher.awaitReady();
    launcher.awaitLine(Pattern.compile("slot 0 gen 1 pid \\d+ - health check GET /healthz "
        + "passed \\(200\\)"), Duration.ofSeconds(5));

    RawHttp.Response sick = RawHttp.get(port, "/sick", 10_000);
    assertThat(sick.status()).as("%s", sick).isEqualTo(200);
    launcher.awaitLine(Pattern.compile("slot 0 gen 1 pid " + sick.pid()
        + ": READY -> DRAINING .*health check GET /healthz failed 2 times: 503"),
        Duration.ofSeconds(15));
    Matcher ready = launcher.awaitLine(Pattern.compile("slot 0 gen 2 pid (\\d+): STARTING -> "
        + "READY"), Duration.ofSeconds(60));
    long replacement = Long.parseLong(ready.group(1));
    assertThat(replacement).isNotEqualTo(sick.pid());
    assertThat(pidAnswering(port)).as("the replacement serves").isEqualTo(replacement);
  }
}
