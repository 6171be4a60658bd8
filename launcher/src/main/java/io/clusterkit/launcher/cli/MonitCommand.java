package io.clusterkit.launcher.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code monit}: the live terminal view of a running launcher, like {@code pm2 monit}. */
@Command(name = "monit", mixinStandardHelpOptions = true,
    description = "Shows every worker of a running launcher live, refreshed every second "
        + "(q or Ctrl-C to leave).")
final class MonitCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Mixin
  private LauncherSelector selector;

  @Override
  public Integer call() {
    return LiveView.run(selector, spec.commandLine().getOut(), spec.commandLine().getErr(),
        System.in, Duration.ofSeconds(1));
  }
}
