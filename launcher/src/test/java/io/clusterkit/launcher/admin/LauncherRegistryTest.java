package io.clusterkit.launcher.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class LauncherRegistryTest {

  private static final long SELF = ProcessHandle.current().pid();
  /** A pid no process has: beyond Linux's pid_max. */
  private static final long GONE = 9_999_999L;

  @TempDir
  Path dir;

  private LauncherRegistry registry() {
    return new LauncherRegistry(dir.resolve("run"));
  }

  @Test
  void entryIsReadableOnlyByItsOwner() throws IOException {
    registry().register(new LauncherRegistry.Entry("shop", SELF, 8080, 40001, "t0k3n"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("run"))))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve("run/shop.json")))).isEqualTo("rw-------");
  }

  @Test
  void findsTheOnlyLauncherOrOneByNameOrPort() throws IOException {
    LauncherRegistry registry = registry();
    LauncherRegistry.Entry shop = new LauncherRegistry.Entry("shop", SELF, 8080, 40001, "a");
    registry.register(shop);
    assertThat(registry.find(null, 0)).isEqualTo(shop);

    LauncherRegistry.Entry api = new LauncherRegistry.Entry("api", SELF, 9090, 40002, "b");
    registry.register(api);
    assertThat(registry.find("shop", 0)).isEqualTo(shop);
    assertThat(registry.find(null, 9090)).isEqualTo(api);
    assertThatThrownBy(() -> registry.find(null, 0))
        .hasMessage("several launchers are running; choose one with -name or -port; running: "
            + "api (port 9090, pid " + SELF + "), shop (port 8080, pid " + SELF + ")");
    assertThatThrownBy(() -> registry.find("web", 0))
        .hasMessageStartingWith("no launcher named 'web'; running: api");
  }

  @Test
  void launchersWhoseProcessIsGoneAreSkippedAndTheirNamesReusable() throws IOException {
    LauncherRegistry registry = registry();
    registry.register(new LauncherRegistry.Entry("shop", GONE, 8080, 40001, "old"));

    assertThat(registry.running()).isEmpty();
    assertThatThrownBy(() -> registry.find(null, 0))
        .hasMessageStartingWith("no launcher found; none is running");
    LauncherRegistry.Entry fresh = new LauncherRegistry.Entry("shop", SELF, 8080, 40003, "new");
    registry.register(fresh);
    assertThat(registry.find("shop", 0)).isEqualTo(fresh);
  }

  @Test
  void aNameALiveLauncherHasIsRefused() throws IOException {
    LauncherRegistry registry = registry();
    long parent = ProcessHandle.current().parent().orElseThrow().pid();
    registry.register(new LauncherRegistry.Entry("shop", parent, 8080, 40001, "a"));

    assertThatThrownBy(() -> registry.register(
        new LauncherRegistry.Entry("shop", SELF, 8081, 40002, "b")))
        .hasMessage("a launcher named 'shop' is already running (pid " + parent
            + "); choose another -name");
  }

  @Test
  void unregisterRemovesOnlyItsOwnFile() throws IOException {
    LauncherRegistry registry = registry();
    registry.register(new LauncherRegistry.Entry("shop", SELF, 8080, 40001, "a"));

    registry.unregister("shop", SELF + 1);
    assertThat(registry.running()).hasSize(1);
    registry.unregister("shop", SELF);
    assertThat(registry.running()).isEmpty();
  }

  @Test
  void registryDirectoryComesFromTheEnvironment() {
    assertThat(LauncherRegistry.of(Map.of(LauncherRegistry.ENV, "/tmp/x")).dir())
        .isEqualTo(Path.of("/tmp/x"));
    assertThat(LauncherRegistry.of(Map.of()).dir())
        .isEqualTo(Path.of(System.getProperty("user.home"), ".clusterkit", "run"));
  }

  @Test
  void namesThatAreNotPlainFileNamesAreRefused() {
    assertThatThrownBy(() -> registry().register(
        new LauncherRegistry.Entry("../etc", SELF, 1, 2, "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must be letters, digits, '.', '_' or '-', was '../etc'");
  }

  /** @return the pid of a process that has run and exited */
  private static long exitedPid() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    return done.pid();
  }

  @Test
  void sweepRemovesEntriesOfLaunchersThatAreGoneOrWhosePidWasReused() throws Exception {
    LauncherRegistry registry = registry();
    long started = ProcessIdentity.current().startedMillis();
    registry.register(new LauncherRegistry.Entry("live", SELF, 8080, 40001, "a", started));
    registry.register(new LauncherRegistry.Entry("killed", exitedPid(), 8081, 40002, "b", 1));
    // this process's pid, recorded by a launcher that started an hour before it: reused
    registry.register(new LauncherRegistry.Entry("reused", SELF, 8082, 40003, "c",
        started - 3_600_000));
    Files.writeString(dir.resolve("run/garbled.json"), "{not json");

    assertThat(registry.sweep()).containsExactlyInAnyOrder("killed", "reused");

    assertThat(registry.running()).extracting(LauncherRegistry.Entry::name)
        .containsExactly("live");
    assertThat(dir.resolve("run/garbled.json")).as("unreadable: not ours to judge").exists();
    assertThat(registry.sweep()).isEmpty();
  }

  @Test
  void entryRecordsItsStartTimeSoAReusedPidIsNotAlive() throws IOException {
    LauncherRegistry.Entry entry = new LauncherRegistry.Entry("shop", SELF, 8080, 40001, "t");

    assertThat(entry.startedMillis()).isEqualTo(ProcessIdentity.current().startedMillis())
        .isPositive();
    assertThat(entry.alive()).isTrue();
    assertThat(new LauncherRegistry.Entry("shop", SELF, 8080, 40001, "t",
        entry.startedMillis() - 60_000).alive()).isFalse();
  }

  @Test
  void aLauncherOfAnotherPidNamespaceIsNeverJudgedByThisNamespacesProcessOfItsPid()
      throws Exception {
    LauncherRegistry registry = registry();
    // pid 1 of a container's namespace: here pid 1 is another process, started long before
    registry.register(new LauncherRegistry.Entry("boxed", 1, 8080, 40001, "a", 1,
        "pid:[1]"));
    registry.register(new LauncherRegistry.Entry("gone", exitedPid(), 8081, 40002, "b", 1));
    assertThat(registry.running()).extracting(LauncherRegistry.Entry::name).containsExactly("boxed");
    assertThat(registry.sweep()).containsExactly("gone");
    assertThat(registry.running()).extracting(LauncherRegistry.Entry::name).containsExactly("boxed");
  }
}
