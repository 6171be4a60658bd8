package io.clusterkit.verticles.impl;

import io.clusterkit.verticles.ExitCodes;
import java.io.IOException;
import java.io.InputStream;

/**
 * Exits the worker when its launcher is gone. The launcher gives every worker a pipe as standard
 * input and never writes to it; the kernel closes it when the launcher dies by any means,
 * {@code kill -9} included, so reading end-of-file means the worker is an orphan.
 */
final class OrphanWatch {

  private OrphanWatch() {
  }

  /** Starts the daemon thread that watches standard input. */
  static void start() {
    Thread watch = new Thread(OrphanWatch::watch, "clusterkit-orphan-watch");
    watch.setDaemon(true);
    watch.start();
  }

  private static void watch() {
    InputStream in = System.in;
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // the launcher never writes; anything read is ignored
      }
    } catch (IOException e) {
      // a broken pipe means the same as end-of-file
    }
    System.err.println("launcher gone (stdin closed): worker pid "
        + ProcessHandle.current().pid() + " exiting");
    System.err.flush();
    Runtime.getRuntime().halt(ExitCodes.ORPHANED);
  }
}
