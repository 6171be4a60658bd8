package io.clusterkit.launcher.cli;

import io.clusterkit.launcher.admin.AdminClient;
import io.clusterkit.verticles.ExitCodes;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code status}: one line per slot of a running launcher, like {@code pm2 ls}. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Shows every worker of a running launcher.")
final class StatusCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Mixin
  private LauncherSelector selector;

  @Option(names = "-json", description = "Print the admin API's JSON instead of a table.")
  private boolean json;

  @Option(names = "-watch", description = "Redraw the table every second with requests/s and "
      + "latency, as monit does (q or Ctrl-C to leave).")
  private boolean watch;

  @Option(names = "-all", description = "Also show the workers of every other host of the "
      + "cluster (launchers of several hosts sharing -cluster-name).")
  private boolean all;

  @Option(names = "-v", description = "Also say where each worker's latest boot went: JVM "
      + "start, class loading and Vert.x, Hazelcast join, deploy, health check.")
  private boolean verbose;

  @Override
  public Integer call() {
    if (watch) {
      return LiveView.run(selector, spec.commandLine().getOut(), spec.commandLine().getErr(),
          System.in, java.time.Duration.ofSeconds(1));
    }
    int[] code = {ExitCodes.OK};
    AdminClient.Reply reply = selector.call("GET", "/status", null, Duration.ofSeconds(10),
        spec.commandLine().getErr(), code);
    if (reply != null) {
      spec.commandLine().getOut().print(json ? reply.json().encodePrettily() + "\n"
          : StatusTable.format(reply.json())
              + (verbose ? StatusTable.bootLines(reply.json()) : "")
              + (all ? HostsTable.format(reply.json()) : ""));
    }
    spec.commandLine().getOut().flush();
    spec.commandLine().getErr().flush();
    return code[0];
  }
}
