package io.clusterkit.launcher.logs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a log directory, held while a launcher writes it: two launchers writing
 * the same {@code launcher.log} and {@code worker-N.log} would roll and delete each other's
 * files. The operating system releases it when the process dies, so a crashed launcher leaves
 * nothing to clean up.
 */
final class DirectoryLock {

  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** @throws IOException when another launcher (or another user of this JVM) holds it */
  static DirectoryLock take(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IOException("another launcher writes its logs there (" + file + " is locked)");
    }
    channel.truncate(0);
    channel.write(StandardCharsets.UTF_8.encode(ProcessHandle.current().pid() + "\n"));
    return new DirectoryLock(channel, lock);
  }

  /** Releases the lock. Idempotent. */
  void release() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      // closing the channel releases the lock anyway
    }
  }
}
