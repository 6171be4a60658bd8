package io.clusterkit.examples.it.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clusterkit.examples.hello.HelloVerticle;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.sticky.WorkerTransport;
import java.nio.file.Path;

/**
 * What the integration tests share about the clusters they start: the jars the build made, and
 * the hello example's cluster with small limits.
 */
public final class Clusters {

  /** The examples jar, as users deploy it. */
  public static final Path EXAMPLES_JAR = Path.of(System.getProperty("clusterkit.examples.jar",
      "target/examples.jar")).toAbsolutePath();
  /** The shaded launcher.jar the integration tests run (the kit runs it through its property). */
  public static final Path LAUNCHER_JAR = Path.of(System.getProperty(
      ClusterKit.LAUNCHER_JAR_PROPERTY, "../launcher/target/launcher.jar")).toAbsolutePath();
  /** The test applications' classes. */
  public static final Path TEST_CLASSES = Path.of("target/test-classes").toAbsolutePath();
  /** Where the launcher keeps class-data sharing archives (the suite sets it for all). */
  public static final String CDS_DIR_ENV = "CLUSTERKIT_CDS_DIR";

  private Clusters() {
  }

  /**
   * The hello example from examples.jar on a free port of 127.0.0.1 with a 3 s grace; options
   * given later replace these.
   *
   * @param workers how many workers
   * @return the builder
   */
  public static ClusterKit hello(int workers) {
    return ClusterKit.cluster().workers(workers).option("-grace", "3")
        .classpath(EXAMPLES_JAR).verticle(HelloVerticle.class);
  }

  /** Skips the calling test, with the reason, where Netty's io_uring transport cannot run. */
  public static void assumeIoUring() {
    String unavailable = WorkerTransport.ioUringUnavailability();
    assumeTrue(unavailable == null, () -> "io_uring is unavailable here: " + unavailable);
  }
}
