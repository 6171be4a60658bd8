package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.JoinOptions;
import io.clusterkit.launcher.LauncherOptions;
import io.clusterkit.launcher.process.Classpaths;
import io.clusterkit.launcher.process.WorkerJvm;
import io.clusterkit.launcher.process.WorkerSpec;
import io.clusterkit.sticky.RouterMode;
import io.clusterkit.sticky.WorkerTransport;
import io.clusterkit.verticles.Addresses;
import io.clusterkit.verticles.protocol.EventBusTls;
import io.clusterkit.verticles.protocol.WorkerEnv;
import io.clusterkit.verticles.protocol.WorkerMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Builds the command line and environment of a worker JVM: the workers' {@code java} (the
 * launcher's own unless {@code -java} names another), the defaults a careful operator would set
 * (bounded heap, exit on OutOfMemoryError, the ForkJoinPool parallelism Hazelcast needs on small
 * machines, the module openings it wants, what a newer JDK needs to stay quiet, the class-data
 * sharing archive of its classpath), then the user's flags, which win.
 */
final class WorkerCommand {

  /** The JVM module openings Hazelcast needs on Java 17. */
  static final List<String> HAZELCAST_OPENS = List.of(
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED");

  private final LauncherOptions options;
  private final String clusterName;
  private final String members;
  private final Path socketDir;
  private final RouterMode mode;
  private final WorkerTransport transport;
  private final IntSupplier publicPort;
  private final ClassArchives archives;
  private final WorkerJvm jvm;

  WorkerCommand(LauncherOptions options, String clusterName, String members, Path socketDir,
      RouterMode mode, WorkerTransport transport, IntSupplier publicPort,
      ClassArchives archives, WorkerJvm jvm) {
    this.options = options;
    this.clusterName = clusterName;
    this.members = members;
    this.socketDir = socketDir;
    this.mode = mode;
    this.transport = transport;
    this.publicPort = publicPort;
    this.archives = archives;
    this.jvm = jvm;
  }

  /**
   * @return the Unix domain socket of a worker of (slot, gen): where it takes handed-off sockets,
   *     or where its HTTP server listens when the launcher forwards
   */
  Path socketPath(int slot, int gen) {
    return socketDir.resolve("w" + slot + "-" + gen + ".sock");
  }

  /**
   * @return the Unix domain socket where a worker of (slot, gen) answers the launcher's health
   *     checks, beside its other socket in the launcher's private directory
   */
  Path healthSocketPath(int slot, int gen) {
    return socketDir.resolve("w" + slot + "-" + gen + "-health.sock");
  }

  /**
   * Netty 4.2.9's io_uring transport asserts that its event loop's shared iovec array is empty
   * whenever a channel starts a gathering write, yet two connections of one loop that write in
   * the same loop turn share it at different offsets, which its code handles. With {@code -ea}
   * (a worker flag users may give) the assertion fails the second write and its connection closes
   * unanswered; this flag, given last, keeps Netty's io_uring package out of {@code -ea}.
   */
  static final String NO_URING_ASSERTIONS = "-da:io.netty.channel.uring...";

  WorkerSpec spec(int slot, int gen) {
    return spec(slot, gen, options.getClasspath());
  }

  /**
   * The command of a worker running the application from appClasspath (the launch's own, or
   * what a reload with new code brought).
   */
  WorkerSpec spec(int slot, int gen, List<Path> appClasspath) {
    List<String> jvm = new ArrayList<>();
    jvm.add("-Xms32m");
    jvm.add("-Xmx" + LauncherOptions.DEFAULT_WORKER_HEAP);
    jvm.add("-XX:+ExitOnOutOfMemoryError");
    jvm.add("-Djava.util.concurrent.ForkJoinPool.common.parallelism="
        + Math.max(2, Runtime.getRuntime().availableProcessors()));
    jvm.add("-Dhazelcast.phone.home.enabled=false");
    // a smaller idle worker (bench/footprint_bench.py); left out where the user's flags decide
    jvm.addAll(io.clusterkit.launcher.process.WorkerFootprint.defaults(
        options.getWorkerJvmOptions(), LauncherOptions.DEFAULT_WORKER_HEAP,
        options.getMaxMemory() > 0));
    jvm.addAll(HAZELCAST_OPENS);
    jvm.addAll(this.jvm.compatibilityOptions());
    if (options.getLogs() != null) {
      // -log-dir: the launcher stamps each line with time, slot, pid and gen (text), or adds
      // them to each JSON event; the user's own -Dlogback.configurationFile, later, still wins
      jvm.add("-Dlogback.configurationFile=clusterkit-worker-" + options.getLogs().getFormat()
          + ".xml");
    }

    List<String> classpath = new ArrayList<>(launcherClasspath());
    for (Path entry : appClasspath) {
      classpath.add(entry.toString());
    }
    ClassArchives.Plan archive = archives.plan(slot, gen, classpath,
        options.getWorkerJvmOptions());
    jvm.addAll(archive.jvmOptions());
    jvm.addAll(options.getWorkerJvmOptions());
    if (transport == WorkerTransport.IO_URING) {
      jvm.add(NO_URING_ASSERTIONS);
    }

    JoinOptions join = options.getJoin();
    WorkerEnv env = new WorkerEnv(slot, gen, clusterName, members, join.getClusterHost(),
        options.getVerticle(), options.getInstances(), options.getConfig(),
        socketPath(slot, gen).toString(), options.getGrace().toMillis(), true);
    Map<String, String> environment = new HashMap<>();
    env.writeTo(environment);
    environment.putAll(archive.environment());
    // several hosts: workers bind the launcher's cluster interface, since members on other hosts
    // connect to their Hazelcast and event-bus ports; they join through their own launcher
    if (!Addresses.host().isEmpty()) {
      environment.put(WorkerEnv.HOST_NAME, Addresses.host());
    }
    if (join.getClusterPublicHost() != null) {
      environment.put(WorkerEnv.CLUSTER_PUBLIC_HOST, join.getClusterPublicHost());
    }
    if (join.getEventBusKeyStore() != null) {
      // the passwords reach the workers through the environment they inherit
      environment.put(EventBusTls.KEY_STORE, join.getEventBusKeyStore().toString());
      environment.put(EventBusTls.TRUST_STORE, join.getEventBusTrustStore().toString());
    }
    if (join.getHazelcastConfig() != null) {
      environment.put(WorkerEnv.HAZELCAST_CONFIG, join.getHazelcastConfig().toString());
    }
    environment.put(RouterMode.ENV, mode.id());
    if (options.getMetricsPort() >= 0) {
      environment.put(WorkerEnv.METRICS, "1");
    }
    environment.put(WorkerTransport.ENV, transport.id());
    options.getConnectionLimits().writeTo(environment);
    if (mode == RouterMode.REUSEPORT) {
      environment.put(WorkerEnv.PUBLIC_HOST, options.getHost());
      environment.put(WorkerEnv.PUBLIC_PORT, Integer.toString(publicPort.getAsInt()));
    }
    if (options.getHealthCheck() != null) {
      if (transport == WorkerTransport.IO_URING) {
        // Vert.x's io_uring transport has no Unix domain sockets
        environment.put(WorkerEnv.HEALTH_HOST, "127.0.0.1");
      } else {
        environment.put(WorkerEnv.HEALTH_SOCKET, healthSocketPath(slot, gen).toString());
      }
    }
    if (mode != RouterMode.FORWARD) {
      // forwarded connections always carry the launcher's own PROXY header
      environment.put(WorkerEnv.PROXY_PROTOCOL, Boolean.toString(options.isAcceptProxyProtocol()));
    }

    return new WorkerSpec(slot, gen, this.jvm.executable(), jvm, classpath, WorkerMain.class.getName(),
        environment, Path.of("").toAbsolutePath());
  }

  /**
   * The command of a spare: a worker with no slot yet ({@link WorkerEnv#SPARE}), running the
   * application from appClasspath, which boots and waits for {@link #assignment(int, int)},
   * warming up its HTTP path meanwhile for warmupMillis (0: not at all).
   */
  WorkerSpec spareSpec(int spare, List<Path> appClasspath, long warmupMillis) {
    WorkerSpec spec = spec(-1, spare, appClasspath);
    Map<String, String> environment = new HashMap<>(spec.environment());
    environment.put(WorkerEnv.SPARE, Integer.toString(spare));
    if (warmupMillis > 0) {
      environment.put(WorkerEnv.SPARE_WARMUP, Long.toString(warmupMillis));
    }
    return new WorkerSpec(-1, spare, spec.javaBinary(), spec.jvmOptions(), spec.classpath(),
        spec.mainClass(), environment, spec.workingDirectory());
  }

  /**
   * What a spare given slot (slot, gen) takes over: the variables that differ from worker to
   * worker, as {@link #spec(int, int, List)} writes them for that slot.
   */
  Map<String, String> assignment(int slot, int gen) {
    Map<String, String> environment = new HashMap<>();
    environment.put(WorkerEnv.SLOT, Integer.toString(slot));
    environment.put(WorkerEnv.GEN, Integer.toString(gen));
    environment.put(WorkerEnv.SOCKET, socketPath(slot, gen).toString());
    if (options.getHealthCheck() != null && transport != WorkerTransport.IO_URING) {
      environment.put(WorkerEnv.HEALTH_SOCKET, healthSocketPath(slot, gen).toString());
    }
    return environment;
  }

  /** @return the launcher's own classpath: launcher.jar, or the build folders in development */
  static List<String> launcherClasspath() {
    return Classpaths.absolute(System.getProperty("java.class.path", ""));
  }
}
