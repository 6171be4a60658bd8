package io.clusterkit.verticles.protocol;

import io.vertx.core.Deployable;
import io.vertx.core.Verticle;

/**
 * Checks, before anything is started, that a class name names a deployable verticle, so that a
 * typo is reported in one line at once instead of after a cluster join.
 */
public final class VerticleCheck {

  private VerticleCheck() {
  }

  /**
   * Finds what is wrong with a verticle class name, looking it up without initialising it.
   *
   * @param className the fully qualified class name
   * @param loader the class loader that holds the user's classes
   * @return a one-line description of the problem, or null when the class is a verticle
   */
  public static String problem(String className, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return "verticle class " + className + " not found on the classpath";
    }
    if (!Deployable.class.isAssignableFrom(type) && !Verticle.class.isAssignableFrom(type)) {
      return "class " + className + " is not a verticle (extend ClusterVerticle)";
    }
    if (java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
      return "verticle class " + className + " is abstract";
    }
    return null;
  }

  /**
   * Same as {@link #problem(String, ClassLoader)} with this thread's context class loader.
   *
   * @param className the fully qualified class name
   * @return a one-line description of the problem, or null when the class is a verticle
   */
  public static String problem(String className) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return problem(className, loader == null ? VerticleCheck.class.getClassLoader() : loader);
  }
}
