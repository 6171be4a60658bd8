package io.clusterkit.launcher.cli;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reload [-cp NEW]}: a rolling reload of a running launcher, waited for. */
@Command(name = "reload", mixinStandardHelpOptions = true,
    description = "Replaces every worker of a running launcher one by one, without failing a "
        + "request; with -cp, onto new code.")
final class ReloadCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Mixin
  private LauncherSelector selector;

  @Option(names = "-cp", paramLabel = "PATH",
      description = "The application's new jars or class folders, ':'-separated.")
  private String classpath;

  @Override
  public Integer call() {
    JsonObject body = new JsonObject();
    if (classpath != null) {
      List<String> absolute = new ArrayList<>();
      for (String entry : classpath.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          absolute.add(Path.of(entry).toAbsolutePath().toString());
        }
      }
      body.put("classpath", String.join(File.pathSeparator, absolute));
    }
    return selector.operate("/reload", body, Duration.ofHours(1), "completed",
        spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
