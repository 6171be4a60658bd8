package io.clusterkit.launcher.cli;

import io.clusterkit.verticles.ExitCodes;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scale N}: changes the number of workers of a running launcher. */
@Command(name = "scale", mixinStandardHelpOptions = true,
    description = "Runs N workers from now on: new ones start, extra ones drain and stop.")
final class ScaleCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Mixin
  private LauncherSelector selector;

  @Parameters(index = "0", paramLabel = "N", description = "The number of workers, >= 1.")
  private int workers;

  @Override
  public Integer call() {
    if (workers < 1) {
      spec.commandLine().getErr().println("launcher: workers must be >= 1, was " + workers);
      spec.commandLine().getErr().flush();
      return ExitCodes.USAGE;
    }
    return selector.operate("/scale", new JsonObject().put("workers", workers),
        Duration.ofSeconds(30), spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }
}
