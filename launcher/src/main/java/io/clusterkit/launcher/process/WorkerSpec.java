package io.clusterkit.launcher.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to start one worker JVM.
 *
 * @param slot the worker's slot
 * @param gen the process generation within the slot
 * @param javaBinary the {@code java} executable (the launcher's own, or {@code -java}'s)
 * @param jvmOptions JVM flags, ClusterKit's defaults first, the user's after them (later wins)
 * @param classpath the launcher's classpath plus the user's entries
 * @param mainClass the worker entry point
 * @param environment variables added to the launcher's environment
 * @param workingDirectory where the worker runs
 */
public record WorkerSpec(int slot, int gen, Path javaBinary, List<String> jvmOptions,
    List<String> classpath, String mainClass, Map<String, String> environment,
    Path workingDirectory) {

  /** Validates and copies the lists. */
  public WorkerSpec {
    Objects.requireNonNull(javaBinary, "javaBinary");
    jvmOptions = List.copyOf(jvmOptions);
    classpath = List.copyOf(classpath);
    Objects.requireNonNull(mainClass, "mainClass");
    environment = Map.copyOf(environment);
    Objects.requireNonNull(workingDirectory, "workingDirectory");
  }

  /** @return the command line that starts the worker */
  public List<String> command() {
    List<String> command = new java.util.ArrayList<>();
    command.add(javaBinary.toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(Classpaths.join(classpath));
    command.add(mainClass);
    return command;
  }
}
