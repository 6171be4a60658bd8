package io.clusterkit.launcher.process;

import io.clusterkit.launcher.supervisor.ExitStatus;
import io.clusterkit.launcher.supervisor.Sig;
import io.clusterkit.launcher.systemd.NotifySocket;
import io.clusterkit.launcher.systemd.WatchdogSettings;
import io.clusterkit.verticles.protocol.WorkerEnv;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The only code that starts and signals worker processes. Each worker gets a pipe as standard
 * input that the launcher never writes to: when the launcher dies, the pipe closes and the worker
 * exits on its own.
 */
public final class WorkerProcesses {

  /** The launcher's systemd variables, which its workers do not inherit. */
  static final List<String> SYSTEMD_ENV = List.of(NotifySocket.ENV, WatchdogSettings.USEC_ENV,
      WatchdogSettings.PID_ENV);

  private final Context context;
  private final WorkerOutput output;

  /**
   * Creates the spawner.
   *
   * @param context the context on which exit futures complete
   * @param output where the lines of the workers' stdout and stderr go
   */
  public WorkerProcesses(Context context, WorkerOutput output) {
    this.context = context;
    this.output = output;
  }

  /**
   * Starts a worker.
   *
   * @param spec what to start
   * @return the running process
   * @throws IOException when the JVM cannot be started at all
   */
  public WorkerProcess spawn(WorkerSpec spec) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(spec.command())
        .directory(spec.workingDirectory().toFile())
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .redirectOutput(ProcessBuilder.Redirect.PIPE)
        .redirectError(ProcessBuilder.Redirect.PIPE);
    builder.environment().putAll(spec.environment());
    // systemd's notify and watchdog variables are the launcher's alone, as sd_notify's
    // unset_environment would have it: a worker that used them would be taken for the service
    builder.environment().keySet().removeAll(SYSTEMD_ENV);
    // the start of the worker's boot phases (its JVM's start is measured from here)
    builder.environment().put(WorkerEnv.SPAWNED_AT, Long.toString(System.currentTimeMillis()));
    Process process = builder.start();
    return new Running(spec, process);
  }

  private final class Running implements WorkerProcess {
    private final WorkerSpec spec;
    private final Process process;
    private final Future<ExitStatus> exit;
    private volatile String bootFailure;

    Running(WorkerSpec spec, Process process) {
      this.spec = spec;
      this.process = process;
      String name = spec.slot() + ":" + process.pid();
      CompletableFuture<Void> stdout = OutputPump.start(process.getInputStream(),
          output.lines(spec.slot(), spec.gen(), process.pid(), false), name + "-out",
          r -> bootFailure = r);
      CompletableFuture<Void> stderr = OutputPump.start(process.getErrorStream(),
          output.lines(spec.slot(), spec.gen(), process.pid(), true), name + "-err",
          r -> bootFailure = r);
      CompletableFuture<ExitStatus> ended = process.onExit()
          .thenCombine(CompletableFuture.allOf(stdout, stderr), (p, v) -> p.exitValue())
          .thenApply(ExitStatus::fromExitValue);
      this.exit = Future.fromCompletionStage(ended, context);
    }

    @Override
    public int slot() {
      return spec.slot();
    }

    @Override
    public int gen() {
      return spec.gen();
    }

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public boolean isAlive() {
      return process.isAlive();
    }

    @Override
    public void signal(Sig sig) {
      // through the handle: Process.destroy() would also close the pipes, and a worker reads
      // the end of its stdin as "the launcher is gone", and its last log lines would be lost
      ProcessHandle handle = process.toHandle();
      if (sig == Sig.KILL) {
        handle.destroyForcibly();
      } else {
        handle.destroy();
      }
    }

    @Override
    public Future<ExitStatus> onExit() {
      return exit;
    }

    @Override
    public String bootFailure() {
      return bootFailure;
    }
  }
}
