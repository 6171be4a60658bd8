package io.clusterkit.launcher.cli;

import io.clusterkit.launcher.process.Classpaths;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
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
      body.put("classpath", Classpaths.join(Classpaths.absolute(classpath)));
    }
    return selector.operate("/reload", body, Duration.ofHours(1), spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }
}
