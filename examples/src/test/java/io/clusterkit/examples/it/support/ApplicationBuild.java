package io.clusterkit.examples.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds another version of a test verticle at run time, as a user's next release would be:
 * compiles a source text against the test classpath and packs the class into a jar of its own.
 */
public final class ApplicationBuild {

  private ApplicationBuild() {
  }

  /**
   * @param dir where to build
   * @param name the jar's name
   * @param className the verticle's fully qualified name
   * @param source its source text
   * @return the jar
   */
  public static Path jar(Path dir, String name, String className, String source) throws IOException {
    Path src = dir.resolve(name + "-src");
    Path classes = dir.resolve(name + "-classes");
    Path file = src.resolve(className.replace('.', '/') + ".java");
    Files.createDirectories(file.getParent());
    Files.createDirectories(classes);
    Files.writeString(file, source, StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int code = javac.run(null, null, System.err, "-d", classes.toString(),
        "-cp", System.getProperty("java.class.path"), file.toString());
    if (code != 0) {
      throw new IOException("javac failed (" + code + ") for " + className);
    }
    Path jar = dir.resolve(name + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path path : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
        Files.copy(path, (OutputStream) out);
        out.closeEntry();
      }
    }
    return jar;
  }

  /** The source of VersionVerticle answering another version, or failing at start. */
  public static String versionVerticle(String version, boolean failAtStart) {
    String start = failAtStart
        ? "return io.vertx.core.Future.failedFuture(\"build " + version + " cannot start\");"
        : "return serve(req -> req.response().putHeader(\"content-type\", \"application/json\")"
            + ".end(new io.vertx.core.json.JsonObject().put(\"worker\", workerId())"
            + ".put(\"pid\", pid()).put(\"version\", \"" + version + "\").encode()));";
    return String.join("\n", List.of(
        "package io.clusterkit.examples.it.apps;",
        "public class VersionVerticle extends io.clusterkit.verticles.ClusterVerticle {",
        "  @Override public io.vertx.core.Future<?> start() { " + start + " }",
        "}"));
  }
}
