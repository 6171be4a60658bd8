package io.clusterkit.launcher.cli;

import io.clusterkit.launcher.admin.AdminClient;
import io.clusterkit.launcher.logs.LogSources;
import io.clusterkit.launcher.logs.LogTail;
import io.clusterkit.verticles.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logs}: the last lines of a running launcher's log files, and with {@code -f} every new
 * line as it comes, like {@code pm2 logs}. The launcher says where its files are in its status
 * ({@code logDir}); {@code -dir} reads a directory directly, also after the launcher ended.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Shows the last lines of a launcher's log files (-log-dir); -f follows them.")
final class LogsCommand implements Callable<Integer> {

  /** How many lines of each file are shown by default, as pm2 logs. */
  static final int DEFAULT_LINES = 15;

  @Spec
  private CommandSpec spec;

  @Mixin
  private LauncherSelector selector;

  @Option(names = "-slot", paramLabel = "N",
      description = "Only this slot's file (default: the launcher's and every slot's).")
  private Integer slot;

  @Option(names = "-f", description = "Follow: print new lines as they come, until Ctrl-C.")
  private boolean follow;

  @Option(names = "-n", paramLabel = "LINES",
      description = "Lines of each file to show first (default: ${DEFAULT-VALUE}).")
  private int lines = DEFAULT_LINES;

  @Option(names = "-dir", paramLabel = "DIR",
      description = "Read this log directory instead of asking a running launcher for its own.")
  private Path dir;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return show(out, err);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int show(PrintWriter out, PrintWriter err) {
    if (lines < 0) {
      err.println("launcher: -n must be >= 0, was " + lines);
      return ExitCodes.USAGE;
    }
    if (slot != null && slot < 0) {
      err.println("launcher: -slot must be >= 0, was " + slot);
      return ExitCodes.USAGE;
    }
    int[] code = {ExitCodes.OK};
    Path logDir = dir != null ? dir : launcherLogDir(err, code);
    if (logDir == null) {
      return code[0];
    }
    if (!Files.isDirectory(logDir)) {
      err.println("launcher: no log directory " + logDir);
      return ExitCodes.UNAVAILABLE;
    }
    LogTail tail = new LogTail(logDir, slot, out);
    try {
      List<LogSources.Source> shown = tail.show(lines, follow);
      if (!follow && (shown.isEmpty() || !Files.exists(shown.get(0).file()))) {
        err.println("launcher: no log file " + (slot == null ? "" : "of slot " + slot + " ")
            + "in " + logDir + " yet");
        return ExitCodes.UNAVAILABLE;
      }
      return ExitCodes.OK;
    } catch (IOException e) {
      err.println("launcher: cannot read the logs in " + logDir + ": " + e.getMessage());
      return ExitCodes.INTERNAL;
    }
  }

  /** @return the running launcher's -log-dir, or null (with code set) when there is none */
  private Path launcherLogDir(PrintWriter err, int[] code) {
    AdminClient.Reply reply = selector.call("GET", "/status", null, Duration.ofSeconds(10),
        err, code);
    if (reply == null) {
      return null;
    }
    String logDir = reply.json().getString("logDir");
    if (logDir == null) {
      err.println("launcher: launcher '" + reply.json().getString("name") + "' runs without "
          + "-log-dir: its workers' output goes to its standard output");
      code[0] = ExitCodes.UNAVAILABLE;
      return null;
    }
    return Path.of(logDir);
  }
}
