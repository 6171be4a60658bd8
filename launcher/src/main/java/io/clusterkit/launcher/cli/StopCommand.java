package io.clusterkit.launcher.cli;

import io.clusterkit.launcher.admin.AdminClient;
import io.clusterkit.verticles.ExitCodes;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stop}: a graceful stop of a running launcher, as SIGTERM would. */
@Command(name = "stop", mixinStandardHelpOptions = true,
    description = "Stops a running launcher gracefully (drain, then kill after its -grace).")
final class StopCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Mixin
  private LauncherSelector selector;

  @Override
  public Integer call() {
    int[] code = {ExitCodes.OK};
    AdminClient.Reply reply = selector.call("POST", "/stop", null, Duration.ofSeconds(10),
        spec.commandLine().getErr(), code);
    if (reply != null) {
      spec.commandLine().getOut().println("stopping");
    }
    spec.commandLine().getOut().flush();
    spec.commandLine().getErr().flush();
    return code[0];
  }
}
