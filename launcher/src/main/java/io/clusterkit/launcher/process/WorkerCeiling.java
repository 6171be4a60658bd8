package io.clusterkit.launcher.process;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * How many worker JVMs this machine can hold: the hard ceiling every worker count is checked
 * against (the launch's {@code -workers}, a scale through the API or the CLI, a TTIN), and the
 * softer line above which the launcher warns. Derived from the machine unless an operator sets
 * it ({@code -max-workers}): at most {@value #WORKERS_PER_CORE} workers per core, and no more
 * than the memory holds when every JVM (the launcher counted as one) takes its worker heap plus
 * {@link #JVM_OVERHEAD} of metaspace, code cache, thread stacks and Netty's direct buffers. The
 * soft line is {@value #SOFT_WORKERS_PER_CORE} workers per core: past it workers only share CPUs
 * and memory, as Node's "forking too many workers" pitfall says.
 */
public final class WorkerCeiling {

  /** Workers per core at most, unless the ceiling is set explicitly. */
  public static final int WORKERS_PER_CORE = 8;
  /** Workers per core past which the launcher warns. */
  public static final int SOFT_WORKERS_PER_CORE = 2;
  /** What a worker JVM takes beside its heap (an idle worker's RSS is about 150 MB). */
  public static final long JVM_OVERHEAD = 128L << 20;

  private final int hard;
  private final int soft;
  private final String basis;

  private WorkerCeiling(int hard, int soft, String basis) {
    this.hard = hard;
    this.soft = soft;
    this.basis = basis;
  }

  /**
   * Derives the ceiling from a machine's figures.
   *
   * @param cores processors available, at least 1
   * @param memoryBytes memory available to the launcher and its workers (the container's limit
   *     where there is one), more than 0
   * @param workerHeapBytes each worker's maximum heap, more than 0
   * @return the ceiling: the lower of cores times {@value #WORKERS_PER_CORE} and what the memory
   *     holds, never below 1
   */
  public static WorkerCeiling derive(int cores, long memoryBytes, long workerHeapBytes) {
    if (cores < 1 || memoryBytes <= 0 || workerHeapBytes <= 0) {
      throw new IllegalArgumentException("cores, memory and heap must be positive, were "
          + cores + ", " + memoryBytes + ", " + workerHeapBytes);
    }
    long perJvm = workerHeapBytes + JVM_OVERHEAD;
    long byMemory = Math.max(1, memoryBytes / perJvm - 1);
    long byCores = (long) cores * WORKERS_PER_CORE;
    int hard = (int) Math.min(Integer.MAX_VALUE, Math.min(byCores, byMemory));
    String basis = byCores <= byMemory
        ? cores + (cores == 1 ? " core" : " cores") + " x " + WORKERS_PER_CORE
        : mib(memoryBytes) + " of memory for workers of " + mib(workerHeapBytes) + " heap + "
            + mib(JVM_OVERHEAD) + " each, the launcher counted as one";
    return new WorkerCeiling(hard, cores * SOFT_WORKERS_PER_CORE, basis);
  }

  /**
   * A ceiling an operator chose.
   *
   * @param max the ceiling, at least 1
   * @param cores processors available, for the soft line
   * @return the ceiling
   */
  public static WorkerCeiling explicit(int max, int cores) {
    if (max < 1) {
      throw new IllegalArgumentException("max-workers must be >= 1, was " + max);
    }
    return new WorkerCeiling(max, Math.max(1, cores) * SOFT_WORKERS_PER_CORE, "-max-workers");
  }

  /**
   * The ceiling of this machine for workers started with jvmOptions.
   *
   * @param max the operator's ceiling, or 0 to derive it from the machine
   * @param jvmOptions the workers' own JVM flags (an {@code -Xmx} there sets their heap)
   * @param defaultHeap the workers' heap without one, e.g. "256m"
   * @return the ceiling
   */
  public static WorkerCeiling forThisMachine(int max, List<String> jvmOptions,
      String defaultHeap) {
    int cores = Runtime.getRuntime().availableProcessors();
    if (max > 0) {
      return explicit(max, cores);
    }
    return derive(cores, memoryBytes(), heapOf(jvmOptions, defaultHeap));
  }

  /**
   * Reads the maximum heap the JVM flags give (the last {@code -Xmx} wins, as in the JVM).
   *
   * @param jvmOptions JVM flags
   * @param defaultHeap the heap without an {@code -Xmx}, as the JVM writes it ("256m")
   * @return the heap in bytes
   */
  public static long heapOf(List<String> jvmOptions, String defaultHeap) {
    String chosen = defaultHeap;
    for (String option : jvmOptions) {
      if (option.startsWith("-Xmx")) {
        chosen = option.substring(4);
      } else if (option.startsWith("-XX:MaxHeapSize=")) {
        chosen = option.substring("-XX:MaxHeapSize=".length());
      }
    }
    long bytes = size(chosen);
    return bytes > 0 ? bytes : size(defaultHeap);
  }

  /** @return the ceiling: no worker count above it is accepted */
  public int hard() {
    return hard;
  }

  /** @return the soft line: a worker count above it is accepted with a warning */
  public int soft() {
    return soft;
  }

  /**
   * Checks a worker count against the ceiling.
   *
   * @param workers the worker count asked for
   * @return null when it is within the ceiling, else one line saying why not and how to raise it
   */
  public String refusal(int workers) {
    if (workers <= hard) {
      return null;
    }
    return workers + " workers is over the ceiling of " + hard + " on this machine ("
        + basis + "); -max-workers N raises it";
  }

  /**
   * Checks a worker count against the soft line.
   *
   * @param workers the worker count asked for
   * @return null when it is within the soft line, else the warning to log
   */
  public String warning(int workers) {
    if (workers <= soft) {
      return null;
    }
    return workers + " workers on " + (soft / SOFT_WORKERS_PER_CORE) + " cores is more than "
        + SOFT_WORKERS_PER_CORE + " per core: they will compete for CPU and memory";
  }

  @Override
  public String toString() {
    return "ceiling " + hard + " (" + basis + "), soft line " + soft;
  }

  private static long memoryBytes() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      long total = os.getTotalMemorySize(); // the container's limit where there is one
      if (total > 0) {
        return total;
      }
    }
    return Runtime.getRuntime().maxMemory() * 4; // the JVM's default heap is a quarter of it
  }

  /** Parses a JVM size (1024, 512k, 256m, 2g, 1t); 0 when it is not one. */
  static long size(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.isEmpty()) {
      return 0;
    }
    int shift = switch (value.charAt(value.length() - 1)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      case 't' -> 40;
      default -> 0;
    };
    if (shift > 0) {
      value = value.substring(0, value.length() - 1);
    }
    try {
      long number = Long.parseLong(value);
      return number <= 0 || number > (Long.MAX_VALUE >> shift) ? 0 : number << shift;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String mib(long bytes) {
    return bytes >= (1L << 30) && bytes % (1L << 30) == 0 ? (bytes >> 30) + " GiB"
        : bytes >= (10L << 30) ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
        : (bytes >> 20) + " MiB";
  }
}
