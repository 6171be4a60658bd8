package io.clusterkit.launcher.cli;

import io.clusterkit.launcher.process.Classpaths;
import io.clusterkit.verticles.protocol.VerticleCheck;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Checks the application the launcher is to run before any worker starts: the {@code -cp}
 * entries exist, {@code -conf} is a JSON object (inline or in a file), the verticle is given or
 * named by the first jar's {@code Main-Verticle}, and that class exists and is a verticle. Every
 * problem becomes one line naming the option.
 */
final class ApplicationCheck {

  private final CommandLine line;

  ApplicationCheck(CommandLine line) {
    this.line = line;
  }

  /** The existing entries of -cp, in order; a missing one is a one-line error. */
  List<Path> classpathEntries(String classpath) {
    try {
      return Classpaths.existing(classpath, "-cp");
    } catch (IllegalArgumentException e) {
      throw new ParameterException(line, e.getMessage());
    }
  }

  /** The verticle's configuration: inline JSON, or the JSON file it names. */
  JsonObject config(String conf) {
    String text = conf.trim();
    if (!text.startsWith("{")) {
      Path file = Path.of(conf);
      if (!Files.isRegularFile(file)) {
        throw new ParameterException(line, "-conf " + conf + " is neither a JSON object nor a file");
      }
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        throw new ParameterException(line, "-conf " + conf + " cannot be read: " + e.getMessage());
      }
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      throw new ParameterException(line, "-conf " + conf + " is not a JSON object: "
          + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /** The class the first -cp jar's manifest names as Main-Verticle. */
  String mainVerticle(List<Path> entries) {
    if (entries.isEmpty() || !entries.get(0).toString().endsWith(".jar")) {
      throw new ParameterException(line,
          "no VERTICLE given and no -cp jar whose manifest names a Main-Verticle");
    }
    Path jar = entries.get(0);
    try (JarFile file = new JarFile(jar.toFile())) {
      String name = file.getManifest() == null
          ? null : file.getManifest().getMainAttributes().getValue("Main-Verticle");
      if (name == null || name.isBlank()) {
        throw new ParameterException(line,
            "no VERTICLE given and " + jar + " has no Main-Verticle in its manifest");
      }
      return name.trim().startsWith("java:") ? name.trim().substring(5) : name.trim();
    } catch (IOException e) {
      throw new ParameterException(line, "-cp " + jar + " is not a readable jar: " + e.getMessage());
    }
  }

  /** Refuses a verticle class that the classpath lacks or that is not a verticle. */
  void checkVerticle(String verticle, List<Path> entries) {
    List<URL> urls = new ArrayList<>();
    for (Path entry : entries) {
      try {
        urls.add(entry.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new ParameterException(line, "-cp entry " + entry + " is not a valid path");
      }
    }
    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ApplicationCheck.class.getClassLoader())) {
      String problem = VerticleCheck.problem(verticle, loader);
      if (problem != null) {
        throw new ParameterException(line, problem
            + (entries.isEmpty() ? " (no -cp given)" : " (-cp " + entries + ")"));
      }
    } catch (IOException e) {
      throw new ParameterException(line, "cannot read the classpath: " + e.getMessage());
    }
  }
}
