package io.clusterkit.launcher.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files logs shows: the launcher's first, then the slots' in number order, no rolled one. */
class LogSourcesTest {

  @TempDir
  Path dir;

  @Test
  void launcherFirstThenSlotsInOrderWithoutRolledFiles() throws IOException {
    for (String name : new String[] {"worker-10.log", "worker-2.log", "launcher.log",
        "worker-2.2026-12-03.0.log", "launcher.2026-12-02.1.log", "notes.txt"}) {
      Files.writeString(dir.resolve(name), "x\n");
    }
    assertThat(LogSources.in(dir, null)).extracting(LogSources.Source::label)
        .containsExactly("launcher", "worker-2", "worker-10");
  }

  @Test
  void oneSlotIsItsFileEvenBeforeItExists() throws IOException {
    assertThat(LogSources.in(dir, 3)).containsExactly(
        new LogSources.Source("worker-3", dir.resolve("worker-3.log")));
  }
}
