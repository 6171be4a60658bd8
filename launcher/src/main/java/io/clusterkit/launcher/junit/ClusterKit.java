package io.clusterkit.launcher.junit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts a real ClusterKit cluster for a test: a launcher JVM and its worker JVMs, with the
 * verticle and launcher options given here. {@code ClusterKit.cluster().workers(2)
 * .verticle(App.class).option("-grace", "2").start()} returns a {@link TestCluster}; use it with
 * try-with-resources, or hand the builder to {@link #extension()} for
 * {@code @RegisterExtension}. The launcher runs {@code -jar} the launcher.jar named by the system
 * property {@value #LAUNCHER_JAR_PROPERTY} when it is set, else the test JVM's own classpath.
 */
public final class ClusterKit {

  /** The system property naming a launcher.jar to run instead of the test's classpath. */
  public static final String LAUNCHER_JAR_PROPERTY = "clusterkit.launcher.jar";
  /** The launcher's main class. */
  public static final String MAIN_CLASS = "io.clusterkit.launcher.Main";
  /** The JVM flags Hazelcast wants on Java 17 (launcher.jar's manifest carries them too). */
  public static final List<String> JVM_FLAGS = List.of(
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.management/sun.management=ALL-UNNAMED",
      "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
      "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED");

  private int workers = 2;
  private String verticle;
  private Class<?> verticleClass;
  private final Map<String, String> options = new LinkedHashMap<>();
  private final List<String> flags = new ArrayList<>();
  private final List<Path> classpath = new ArrayList<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private List<String> commandLine;
  private String program;
  private List<String> programArgs = List.of();
  private String heap = "256m";
  /** The launcher's default -port (a system property), or null for the real one. */
  private Integer defaultPort;
  private Path launcherJar;
  private List<String> wrapper = List.of();
  private java.net.InetSocketAddress adminVia;

  private ClusterKit() {
    options.put("-host", "127.0.0.1");
    options.put("-port", "0");
    options.put("-grace", "2");
    // a spare is one more JVM per cluster: tests that are not about spares go without
    options.put("-spares", "0");
    String jar = System.getProperty(LAUNCHER_JAR_PROPERTY);
    launcherJar = jar == null || jar.isBlank() ? null : Path.of(jar).toAbsolutePath();
  }

  /**
   * A new builder: 2 workers on a free port of 127.0.0.1 with a 2 s grace period and no spare
   * ({@code -spares 0}; see {@link #spares(int)}).
   *
   * @return the builder
   */
  public static ClusterKit cluster() {
    return new ClusterKit();
  }

  /**
   * How many workers to start ({@code -workers}); {@link TestCluster#awaitReady()} waits for as
   * many.
   *
   * @param workers at least 1
   * @return this builder
   */
  public ClusterKit workers(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, was " + workers);
    }
    this.workers = workers;
    return this;
  }

  /**
   * How many spare worker JVMs the launcher keeps ({@code -spares}); the builder's default is
   * 0, unlike the launcher's, so that a test that is not about spares boots no extra JVM.
   *
   * @param spares 0 or more
   * @return this builder
   */
  public ClusterKit spares(int spares) {
    if (spares < 0) {
      throw new IllegalArgumentException("spares must be >= 0, was " + spares);
    }
    options.put("-spares", Integer.toString(spares));
    return this;
  }

  /**
   * The verticle the workers deploy. Running launcher.jar, the folder or jar the class was
   * loaded from goes on the workers' classpath unless {@link #classpath} names one.
   *
   * @param verticle the verticle class
   * @return this builder
   */
  public ClusterKit verticle(Class<?> verticle) {
    this.verticleClass = Objects.requireNonNull(verticle, "verticle");
    this.verticle = verticle.getName();
    return this;
  }

  /**
   * The verticle the workers deploy, by name (a class the test cannot load itself).
   *
   * @param className its fully qualified name
   * @return this builder
   */
  public ClusterKit verticle(String className) {
    this.verticle = Objects.requireNonNull(className, "className");
    this.verticleClass = null;
    return this;
  }

  /**
   * A launcher option with a value, replacing a default or an earlier value of that name.
   *
   * @param name the option, e.g. {@code -balance}
   * @param value its value, e.g. {@code ip-hash}
   * @return this builder
   */
  public ClusterKit option(String name, String value) {
    options.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * Leaves {@code -port} off the command line (the builder gives {@code -port 0} otherwise): the
   * port of {@code serve()} is then the default, opened on the first {@code serve()} rather
   * than at boot. Only for applications that never call {@code serve()}: one that does would
   * open the machine's real default port.
   *
   * @return this builder
   */
  public ClusterKit withoutPort() {
    options.remove("-port");
    defaultPort = null;
    return this;
  }

  /**
   * Leaves {@code -port} off the command line, as {@link #withoutPort()} does, with defaultPort
   * in place of the real default 8080 (the launcher JVM's {@code clusterkit.defaultPort}
   * system property): the port of {@code serve()} is then opened on the first {@code serve()},
   * on a port the test owns.
   *
   * @param defaultPort 1..65535
   * @return this builder
   */
  public ClusterKit withoutPort(int defaultPort) {
    if (defaultPort < 1 || defaultPort > 65_535) {
      throw new IllegalArgumentException("defaultPort must be 1..65535, was " + defaultPort);
    }
    options.remove("-port");
    this.defaultPort = defaultPort;
    return this;
  }

  /**
   * A launcher option without a value, e.g. {@code -sticky}.
   *
   * @param name the option
   * @return this builder
   */
  public ClusterKit flag(String name) {
    flags.add(Objects.requireNonNull(name, "name"));
    return this;
  }

  /**
   * Launcher arguments as on a command line: each {@code -name value} pair is an
   * {@link #option}, a {@code -name} followed by another {@code -name} (or last) a {@link #flag}.
   *
   * @param args e.g. {@code "-balance", "ip-hash", "-sticky"}
   * @return this builder
   */
  public ClusterKit args(String... args) {
    for (int i = 0; i < args.length; i++) {
      if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
        option(args[i], args[++i]);
      } else {
        flag(args[i]);
      }
    }
    return this;
  }

  /**
   * Jars or folders for the workers' classpath ({@code -cp}), besides the launcher's own.
   *
   * @param entries the entries
   * @return this builder
   */
  public ClusterKit classpath(Path... entries) {
    for (Path entry : entries) {
      classpath.add(entry.toAbsolutePath());
    }
    return this;
  }

  /**
   * An environment variable of the launcher (and so of its workers).
   *
   * @param name the variable
   * @param value its value
   * @return this builder
   */
  public ClusterKit env(String name, String value) {
    env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * The launcher JVM's maximum heap ({@code -Xmx}), 256m unless set.
   *
   * @param size e.g. {@code 512m}
   * @return this builder
   */
  public ClusterKit launcherHeap(String size) {
    this.heap = Objects.requireNonNull(size, "size");
    return this;
  }

  /**
   * A program the launcher's JVM is started through, which must exec it in its own process (so
   * that the launcher keeps its pid), e.g. {@code prlimit --nofile=1024:1024 --} to start it
   * (and so its workers) under a low descriptor limit.
   *
   * @param command the program and its arguments, before the java command
   * @return this builder
   */
  public ClusterKit through(String... command) {
    this.wrapper = List.of(command);
    return this;
  }

  /**
   * Reaches the launcher's admin API through a relay, for a launcher started in another network
   * namespace ({@link #through} {@code ip netns exec NS}): its admin API listens on that
   * namespace's own 127.0.0.1, which a relay there forwards from host:port.
   *
   * @param host the relay's address
   * @param port the relay's port
   * @return this builder
   */
  public ClusterKit adminVia(String host, int port) {
    this.adminVia = java.net.InetSocketAddress.createUnresolved(host, port);
    return this;
  }

  /**
   * The launcher.jar to run, instead of the one named by {@value #LAUNCHER_JAR_PROPERTY}.
   *
   * @param jar the jar, or null to run the test's own classpath
   * @return this builder
   */
  public ClusterKit launcherJar(Path jar) {
    this.launcherJar = jar == null ? null : jar.toAbsolutePath();
    return this;
  }

  /**
   * The launcher's exact arguments, with no defaults, workers or verticle added: for tests of
   * what the launcher does with a given command line (mistakes included).
   *
   * @param args the arguments
   * @return this builder
   */
  public ClusterKit commandLine(String... args) {
    this.commandLine = List.of(args);
    return this;
  }

  /**
   * Runs a program of its own instead of the launcher: a main class that starts its cluster
   * through the {@code Cluster} API, with launcher.jar (or the test's classpath) and the
   * {@link #classpath} entries on its classpath. {@link #workers} says how many it starts.
   *
   * @param mainClass the program's main class
   * @param args its arguments
   * @return this builder
   */
  public ClusterKit program(String mainClass, String... args) {
    this.program = Objects.requireNonNull(mainClass, "mainClass");
    this.programArgs = List.of(args);
    return this;
  }

  /**
   * An extension that starts this cluster before the tests (once per class when registered on
   * a static field, once per test on an instance field) and closes it after them.
   *
   * @return the extension, for {@code @RegisterExtension}
   */
  public ClusterKitExtension extension() {
    return new ClusterKitExtension(this);
  }

  /**
   * Starts the launcher, in a run directory of its own (or the one an env CLUSTERKIT_RUN_DIR
   * names, shared with other launchers on purpose); it does not wait for the workers (see
   * {@link TestCluster#awaitReady()}).
   *
   * @return the running cluster; close it
   * @throws UncheckedIOException when the JVM cannot be started
   */
  public TestCluster start() {
    try {
      // a run directory of the test's own choosing (env CLUSTERKIT_RUN_DIR) is shared on purpose
      Path runDir = env.containsKey("CLUSTERKIT_RUN_DIR") ? Path.of(env.get("CLUSTERKIT_RUN_DIR"))
          : Files.createTempDirectory("clusterkit-run");
      LauncherArchive archive = LauncherArchive.of(program == null ? launcherJar : null);
      List<String> command = command();
      command.addAll(wrapper.size() + 1, archive.flags()); // after the java binary
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(env);
      builder.environment().put("CLUSTERKIT_RUN_DIR", runDir.toString());
      return new TestCluster(builder.start(), runDir, workers, adminVia, archive);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a launcher JVM", e);
    }
  }

  /** @return the launcher JVM's whole command */
  List<String> command() {
    List<String> command = new ArrayList<>(wrapper);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    if (defaultPort != null) {
      command.add("-Dclusterkit.defaultPort=" + defaultPort);
    }
    command.addAll(JVM_FLAGS);
    if (program != null) {
      List<String> cp = new ArrayList<>();
      cp.add(launcherJar != null ? launcherJar.toString()
          : System.getProperty("java.class.path"));
      classpath.forEach(entry -> cp.add(entry.toString()));
      command.add("-cp");
      command.add(String.join(File.pathSeparator, cp));
      command.add(program);
      command.addAll(programArgs);
      return command;
    }
    if (launcherJar != null) {
      command.add("-jar");
      command.add(launcherJar.toString());
    } else {
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(MAIN_CLASS);
    }
    command.addAll(commandLine != null ? commandLine : launcherArgs());
    return command;
  }

  private List<String> launcherArgs() {
    if (verticle == null) {
      throw new IllegalStateException("no verticle given: call verticle(..) or commandLine(..)");
    }
    List<String> args = new ArrayList<>(List.of("-workers", Integer.toString(workers)));
    options.forEach((name, value) -> {
      args.add(name);
      args.add(value);
    });
    args.addAll(flags);
    List<Path> cp = new ArrayList<>(classpath);
    if (cp.isEmpty() && launcherJar != null && verticleClass != null) {
      cp.add(codeSource(verticleClass));
    }
    if (!cp.isEmpty()) {
      args.add("-cp");
      args.add(String.join(File.pathSeparator, cp.stream().map(Path::toString).toList()));
    }
    args.add(verticle);
    return args;
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot tell where " + type.getName()
          + " was loaded from: give its jar or folder with classpath(..)", e);
    }
  }
}
