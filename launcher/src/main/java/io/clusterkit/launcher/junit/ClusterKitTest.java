package io.clusterkit.launcher.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts one real ClusterKit cluster for the annotated test class (before all its tests, closed
 * after them) and waits until every worker is READY; tests and lifecycle methods get it as a
 * {@link TestCluster} parameter. For a cluster per test, or one the test starts itself, use
 * {@link ClusterKit#cluster()}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ClusterKitExtension.class)
public @interface ClusterKitTest {

  /** @return how many workers to start */
  int workers() default 2;

  /** @return the verticle class the workers deploy (or see {@link #verticleName()}) */
  Class<?> verticle() default void.class;

  /** @return the verticle by fully qualified name, when the test cannot name its class */
  String verticleName() default "";

  /** @return more launcher arguments, e.g. {@code {"-balance", "ip-hash"}} (see {@link ClusterKit#args}) */
  String[] args() default {};

  /** @return jars or folders for the workers' classpath, relative to the working directory */
  String[] classpath() default {};
}
