package io.clusterkit.launcher.junit;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link ClusterKitTest} and {@link ClusterKit#extension()}: it
 * starts a cluster, waits until every worker is READY, resolves {@link TestCluster} parameters,
 * and closes the cluster (launcher and every worker) afterwards. Registered on a static field or
 * through the annotation it serves the whole class; on an instance field, each test. A class
 * with two clusters takes each from its own extension ({@link #cluster()}): two extensions would
 * compete for a {@link TestCluster} parameter.
 */
public final class ClusterKitExtension implements BeforeAllCallback, AfterAllCallback,
    BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ClusterKitExtension.class);

  private final ClusterKit spec;
  private volatile TestCluster cluster;
  private boolean perClass;

  /** The extension of {@link ClusterKitTest}: the cluster is described by the annotation. */
  public ClusterKitExtension() {
    this(null);
  }

  ClusterKitExtension(ClusterKit spec) {
    this.spec = spec;
  }

  /**
   * The cluster now running.
   *
   * @return the cluster
   * @throws IllegalStateException outside the tests it serves
   */
  public TestCluster cluster() {
    TestCluster current = cluster;
    if (current == null) {
      throw new IllegalStateException("no cluster runs outside the tests of its extension");
    }
    return current;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    start(context, spec != null ? spec : fromAnnotation(context));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      if (spec == null) {
        throw new ExtensionConfigurationException("ClusterKitExtension() is for @ClusterKitTest; "
            + "register ClusterKit.cluster()...extension() instead");
      }
      start(context, spec);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      close(context);
    }
  }

  private void start(ExtensionContext context, ClusterKit kit) {
    TestCluster started = kit.start();
    context.getStore(NAMESPACE).put(this, started);
    cluster = started;
    try {
      started.awaitReady();
    } catch (RuntimeException | Error e) {
      close(context);
      throw e;
    }
  }

  private void close(ExtensionContext context) {
    TestCluster started = context.getStore(NAMESPACE).remove(this, TestCluster.class);
    cluster = null;
    if (started != null) {
      started.close();
    }
  }

  private static ClusterKit fromAnnotation(ExtensionContext context) {
    ClusterKitTest test = AnnotationSupport.findAnnotation(context.getRequiredTestClass(),
        ClusterKitTest.class).orElseThrow(() -> new ExtensionConfigurationException(
            context.getRequiredTestClass().getName() + " has no @ClusterKitTest"));
    ClusterKit kit = ClusterKit.cluster().workers(test.workers()).args(test.args());
    if (test.verticle() != void.class) {
      kit.verticle(test.verticle());
    } else if (!test.verticleName().isEmpty()) {
      kit.verticle(test.verticleName());
    } else {
      throw new ExtensionConfigurationException("@ClusterKitTest on "
          + context.getRequiredTestClass().getName() + " names no verticle nor verticleName");
    }
    for (String entry : test.classpath()) {
      kit.classpath(Path.of(entry));
    }
    return kit;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return cluster();
  }
}
