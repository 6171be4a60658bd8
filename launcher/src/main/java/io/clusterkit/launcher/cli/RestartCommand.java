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

/** {@code restart SLOT}: a drain-first replacement of one slot's worker, waited for. */
@Command(name = "restart", mixinStandardHelpOptions = true,
    description = "Replaces the worker of one slot of a running launcher without failing a "
        + "request: its replacement is routed to once READY, then the old one drains.")
final class RestartCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Mixin
  private LauncherSelector selector;

  @Parameters(index = "0", paramLabel = "SLOT", description = "The slot, >= 0 (see status).")
  private int slot;

  @Override
  public Integer call() {
    if (slot < 0) {
      spec.commandLine().getErr().println("launcher: slot must be >= 0, was " + slot);
      spec.commandLine().getErr().flush();
      return ExitCodes.USAGE;
    }
    return selector.operate("/restart", new JsonObject().put("slot", slot), Duration.ofHours(1),
        spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
