package io.clusterkit.launcher.cli;

import io.clusterkit.launcher.admin.AdminClient;
import io.clusterkit.launcher.admin.LauncherRegistry;
import io.clusterkit.verticles.ExitCodes;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options every control command shares: which running launcher it talks to. With neither,
 * the only launcher running is meant.
 */
final class LauncherSelector {

  @Option(names = "-name", paramLabel = "NAME",
      description = "The launcher's name (its -name).")
  String name;

  @Option(names = "-port", paramLabel = "P", description = "The launcher's public port.")
  int port;

  /**
   * Calls the chosen launcher's admin API and reports a failure on err, in one line: an answer
   * other than 2xx (400 a bad request, 409 refused for the cluster's state, 500 a reload that
   * stopped) with the API's {@code error}.
   *
   * @return the reply, or null when the call failed (then exitCode is set: USAGE for 400,
   *     INTERNAL for another status, UNAVAILABLE when the launcher cannot be found or reached)
   */
  AdminClient.Reply call(String method, String path, JsonObject body, Duration timeout,
      PrintWriter err, int[] exitCode) {
    LauncherRegistry.Entry entry;
    try {
      entry = LauncherRegistry.of(System.getenv()).find(name, port);
    } catch (IllegalArgumentException e) {
      err.println("launcher: " + e.getMessage());
      exitCode[0] = ExitCodes.UNAVAILABLE;
      return null;
    }
    try {
      AdminClient.Reply reply = new AdminClient(entry).call(method, path, body, timeout);
      if (!reply.ok()) {
        err.println("launcher: " + entry.name() + ": " + reply.json().getString("error",
            "HTTP " + reply.status()));
        exitCode[0] = reply.status() == 400 ? ExitCodes.USAGE : ExitCodes.INTERNAL;
        return null;
      }
      return reply;
    } catch (IOException e) {
      err.println("launcher: cannot reach launcher '" + entry.name() + "' (pid " + entry.pid()
          + "): " + e.getMessage());
      exitCode[0] = ExitCodes.UNAVAILABLE;
      return null;
    }
  }

  /**
   * Runs an operation: on a 2xx answer prints its {@code detail} on out; on any other prints
   * the API's error on err (see {@link #call}).
   *
   * @return the exit code
   */
  int operate(String path, JsonObject body, Duration timeout, PrintWriter out,
      PrintWriter err) {
    int[] code = {ExitCodes.OK};
    AdminClient.Reply reply = call("POST", path, body, timeout, err, code);
    if (reply != null) {
      out.println(reply.json().getString("detail", ""));
    }
    out.flush();
    err.flush();
    return code[0];
  }
}
