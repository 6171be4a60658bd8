package io.clusterkit.launcher.process;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The JDK the workers run on ({@code -java}): its {@code java} executable, home and version. The
 * launcher keeps running on its own JDK; only the workers' command line changes. A JDK given by
 * path is asked for its properties once ({@code java -XshowSettings:properties -version}), so
 * that a missing, unrunnable or too old JDK is refused before any worker starts, and so that the
 * version keys the workers' class archives and shows in {@code status}.
 *
 * @param executable the {@code java} binary workers are started with
 * @param home the JDK's {@code java.home}
 * @param version its {@code java.version}, such as {@code 25.0.3}
 * @param vmVersion its {@code java.vm.version}, such as {@code 25.0.3+9-LTS} (class archives are
 *     valid for exactly one build)
 * @param feature its feature release, such as 25
 * @param own whether it is the launcher's own JDK
 */
public record WorkerJvm(Path executable, Path home, String version, String vmVersion,
    int feature, boolean own) {

  /** The oldest feature release workers can run on: ClusterKit is built for Java 17. */
  public static final int MINIMUM_FEATURE = 17;

  private static final long PROBE_SECONDS = 30;

  /** Validates the parts. */
  public WorkerJvm {
    Objects.requireNonNull(executable, "executable");
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(vmVersion, "vmVersion");
  }

  /**
   * The launcher's own JDK, read from this JVM's properties.
   *
   * @return the JDK this launcher runs on
   */
  public static WorkerJvm current() {
    Path home = Path.of(System.getProperty("java.home"));
    return new WorkerJvm(home.resolve("bin").resolve("java"), home,
        System.getProperty("java.version"), System.getProperty("java.vm.version"),
        Runtime.version().feature(), true);
  }

  /**
   * The JDK of {@code -java}: a JDK home (its {@code bin/java} is used) or a {@code java}
   * executable, run once to read its version; this blocks for as long as that JVM takes to start.
   *
   * @param given a JDK home or a java executable
   * @return the JDK, checked to be at least {@value #MINIMUM_FEATURE}
   * @throws IllegalArgumentException with a one-line reason when it does not exist, cannot be
   *     run, does not answer as a JVM does, or is older than {@value #MINIMUM_FEATURE}
   */
  public static WorkerJvm probe(Path given) {
    Objects.requireNonNull(given, "given");
    Path executable = Files.isDirectory(given) ? given.resolve("bin").resolve("java") : given;
    if (!Files.exists(executable)) {
      throw new IllegalArgumentException(Files.isDirectory(given)
          ? given + " is a directory without bin/java: give a JDK home or a java executable"
          : given + " does not exist");
    }
    if (!Files.isRegularFile(executable) || !Files.isExecutable(executable)) {
      throw new IllegalArgumentException(executable + " is not an executable file");
    }
    String output;
    int code;
    try {
      Process process = new ProcessBuilder(executable.toString(),
          "-XshowSettings:properties", "-version").redirectErrorStream(true).start();
      process.getOutputStream().close();
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalArgumentException(executable + " did not answer -version within "
            + PROBE_SECONDS + " s");
      }
      code = process.exitValue();
    } catch (IOException e) {
      throw new IllegalArgumentException(executable + " cannot be run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalArgumentException(executable + ": interrupted while asking its version");
    }
    if (code != 0) {
      throw new IllegalArgumentException(executable + " -version failed with exit code " + code
          + ": " + firstLine(output));
    }
    return parse(executable, output);
  }

  /**
   * Reads the output of {@code java -XshowSettings:properties -version}.
   *
   * @param executable the binary that printed it
   * @param output what it printed
   * @return the JDK it describes
   * @throws IllegalArgumentException when the output names no version, or one older than
   *     {@value #MINIMUM_FEATURE}
   */
  public static WorkerJvm parse(Path executable, String output) {
    Map<String, String> properties = properties(output);
    String version = properties.get("java.version");
    String specification = properties.get("java.specification.version");
    String home = properties.get("java.home");
    if (version == null || specification == null || home == null) {
      throw new IllegalArgumentException(executable + " does not print the properties a JVM "
          + "prints for -XshowSettings:properties: is it a java executable?");
    }
    int feature = feature(specification);
    if (feature < MINIMUM_FEATURE) {
      throw new IllegalArgumentException(executable + " is Java " + version + "; workers need "
          + "Java " + MINIMUM_FEATURE + " or later");
    }
    return new WorkerJvm(executable, Path.of(home), version,
        properties.getOrDefault("java.vm.version", version), feature, false);
  }

  /**
   * JVM flags this JDK needs for what workers do on it: from Java 24 on, the JDK warns on every
   * start about native access (Netty's epoll and io_uring libraries) and, from 24 on, about
   * {@code sun.misc.Unsafe} memory access (Netty, Hazelcast); these flags allow both, as Java 17
   * to 23 do without a word.
   *
   * @return flags placed before the user's, which may override them
   */
  public List<String> compatibilityOptions() {
    if (feature >= 24) {
      return List.of("--enable-native-access=ALL-UNNAMED",
          "--sun-misc-unsafe-memory-access=allow");
    }
    return List.of();
  }

  /**
   * Whether workers on this JDK may record a dynamic class archive in-process ({@code jcmd
   * VM.cds dynamic_dump}, which ClusterKit calls just before READY): Temurin 25.0.3 writes the
   * archive, then dies of a SIGSEGV in {@code LambdaProxyClassDictionary::find_lambda_proxy_class}
   * at the next lambda it links, every time (seen here). Java 17 to 23 record safely.
   *
   * @return false from Java 25 on
   */
  public boolean recordsClassArchives() {
    return feature < 25;
  }

  /**
   * Whether the JDK has the one-step AOT cache (JEP 514, with JEP 483's cache and JEP 515's
   * method profiles): {@code -XX:AOTCacheOutput} in a training run, written at its exit, then
   * {@code -XX:AOTCache}. Workers on such a JDK use it in place of a dynamic AppCDS archive.
   *
   * @return true from Java 25 on
   */
  public boolean aotCache() {
    return feature >= 25;
  }

  /** @return the JDK as {@code status} shows it */
  public JsonObject toJson() {
    return new JsonObject().put("version", version).put("vmVersion", vmVersion)
        .put("feature", feature).put("home", home.toString())
        .put("executable", executable.toString()).put("own", own);
  }

  private static Map<String, String> properties(String output) {
    Map<String, String> properties = new HashMap<>();
    for (String line : output.split("\\R")) {
      int equals = line.indexOf(" = ");
      if (line.startsWith("    ") && equals > 0) {
        properties.putIfAbsent(line.substring(0, equals).trim(), line.substring(equals + 3));
      }
    }
    return properties;
  }

  /** @return the feature release of a {@code java.specification.version}: 1.8 is 8 */
  static int feature(String specification) {
    String text = specification.startsWith("1.") ? specification.substring(2) : specification;
    int dot = text.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? text : text.substring(0, dot));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("java.specification.version '" + specification
          + "' is not a version");
    }
  }

  private static String firstLine(String output) {
    String trimmed = output.strip();
    int end = trimmed.indexOf('\n');
    return end < 0 ? trimmed : trimmed.substring(0, end).strip();
  }
}
