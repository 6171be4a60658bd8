package io.clusterkit.launcher.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.IVersionProvider;

/**
 * Prints ClusterKit's version (from the jar manifest), and the Vert.x and Java it runs on.
 */
public final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = LauncherCommand.class.getPackage().getImplementationVersion();
    return new String[] {
        "ClusterKit " + (version == null ? "(development build)" : version),
        "Vert.x " + vertxVersion() + ", Java " + Runtime.version()
    };
  }

  private static String vertxVersion() {
    try (InputStream in = VersionProvider.class.getClassLoader()
        .getResourceAsStream("META-INF/vertx/vertx-version.txt")) {
      return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
