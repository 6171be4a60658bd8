package io.clusterkit.launcher.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.admin.ProcessIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A starting launcher removes only the socket directories of launchers that are gone. */
@Timeout(10)
class SocketDirectoryTest {

  private static final long HOUR = 3_600_000L;

  @TempDir
  Path parent;

  private Path dir(String name, String owner, String... sockets) throws Exception {
    Path dir = Files.createDirectory(parent.resolve(name));
    if (owner != null) {
      Files.writeString(dir.resolve(SocketDirectory.OWNER), owner);
    }
    for (String socket : sockets) {
      Files.createFile(dir.resolve(socket));
    }
    return dir;
  }

  private static long exitedPid() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    return done.pid();
  }

  @Test
  void directoriesOfGoneOrReusedPidsAreRemovedAndLiveOnesKept() throws Exception {
    ProcessIdentity self = ProcessIdentity.current();
    Path live = dir("clusterkit-1", self.pid() + " " + self.startedMillis(), "w0-1.sock");
    Path killed = dir("clusterkit-2", exitedPid() + " 1", "w0-1.sock", "w0-1-health.sock");
    Path reused = dir("clusterkit-3", self.pid() + " " + (self.startedMillis() - HOUR));

    assertThat(SocketDirectory.sweep(parent, Set.of(), System.currentTimeMillis()))
        .containsExactlyInAnyOrder(killed, reused);

    assertThat(live).exists();
    assertThat(killed).doesNotExist();
    assertThat(reused).doesNotExist();
  }

  @Test
  void directoryWithoutOwnerIsRemovedOnlyWhenOldAndNoSocketInItIsBound() throws Exception {
    Path bound = dir("clusterkit-11", null, "w0-1.sock");
    Path unbound = dir("clusterkit-12", null, "w0-1.sock", "w1-1.sock");
    Path young = dir("clusterkit-13", null, "w0-1.sock");
    Path foreign = dir("clusterkit-14", null, "notes.txt");
    Path testKit = dir("clusterkit-run15", null, "shop.json");
    long now = System.currentTimeMillis();
    for (Path old : new Path[] {bound, unbound, foreign, testKit}) {
      Files.setLastModifiedTime(old, FileTime.fromMillis(now - HOUR));
    }

    assertThat(SocketDirectory.sweep(parent, Set.of(bound.resolve("w0-1.sock").toString()), now))
        .containsExactly(unbound);
    assertThat(SocketDirectory.sweep(parent, null, now)).as("no /proc/net/unix: keep all")
        .isEmpty();
    assertThat(young).exists();
    assertThat(foreign).exists();
    assertThat(testKit).exists();
  }

  @Test
  void createdDirectoryNamesItsLauncherAndIsKeptBySweeps() throws Exception {
    SocketDirectory created = SocketDirectory.create();
    try {
      assertThat(Files.readString(created.path().resolve(SocketDirectory.OWNER)).trim())
          .isEqualTo(ProcessIdentity.current().pid() + " "
              + ProcessIdentity.current().startedMillis() + " "
              + ProcessIdentity.ownNamespace());
      Path copy = dir("clusterkit-21",
          Files.readString(created.path().resolve(SocketDirectory.OWNER)));
      assertThat(SocketDirectory.sweep(parent, SocketDirectory.boundSockets(),
          System.currentTimeMillis())).isEmpty();
      assertThat(copy).exists();
    } finally {
      created.delete();
    }
  }
}
