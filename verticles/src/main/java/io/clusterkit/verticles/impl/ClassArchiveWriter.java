package io.clusterkit.verticles.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a dynamic class-data sharing (AppCDS) archive of every class this JVM has loaded, so
 * that the next workers of the same classpath map those classes instead of loading, parsing and
 * verifying them again: it is the JDK's {@code jcmd PID VM.cds dynamic_dump}, called in-process
 * through the DiagnosticCommand MBean, which needs the JVM started with
 * {@code -XX:+RecordDynamicDumpInfo}. The archive is written next to the target and moved onto it
 * once complete, so a JVM starting meanwhile never maps half a file.
 */
public final class ClassArchiveWriter {

  private static final Logger log = LoggerFactory.getLogger(ClassArchiveWriter.class);

  private ClassArchiveWriter() {
  }

  /**
   * Writes the archive on a worker thread: the JVM pauses at a safepoint while it dumps, which
   * is why a worker does it before it reports READY, when nothing is routed to it.
   *
   * @param vertx the worker's Vert.x
   * @param target the archive file
   * @param who the worker, for the log
   * @return a future that always succeeds: a worker serves without an archive just as well
   */
  public static Future<Void> write(Vertx vertx, Path target, String who) {
    return vertx.<Void>executeBlocking(() -> {
      dump(target, who);
      return null;
    }, false).recover(e -> {
      log.warn("{} - could not write the class archive {}: {}", who, target, e.getMessage());
      return Future.succeededFuture();
    });
  }

  private static void dump(Path target, String who) throws IOException, JMException {
    long start = System.nanoTime();
    Path temp = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid()
        + ".tmp");
    try {
      Files.deleteIfExists(temp);
      ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmCds",
          new Object[] {new String[] {"dynamic_dump", temp.toString()}},
          new String[] {String[].class.getName()});
      if (!Files.isRegularFile(temp) || Files.size(temp) == 0) {
        throw new IOException("the JVM wrote no archive (was it started with "
            + "-XX:+RecordDynamicDumpInfo?)");
      }
      long bytes = Files.size(temp);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      log.info("{} - wrote the class archive {} ({} MB) in {} ms", who, target,
          bytes / (1024 * 1024), (System.nanoTime() - start) / 1_000_000);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
