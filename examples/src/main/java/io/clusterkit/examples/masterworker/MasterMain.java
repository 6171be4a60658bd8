package io.clusterkit.examples.masterworker;

import io.clusterkit.launcher.Cluster;
import io.clusterkit.launcher.LauncherOptions;
import io.clusterkit.launcher.WorkerMessage;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A program's own {@code main} that is the primary of its cluster, as with Node's
 * {@code cluster.isPrimary}: it starts the workers ({@link ReportingVerticle}) through the
 * {@link Cluster} API, logs their fork, online and exit events, counts the requests they report,
 * and gives them commands: a welcome to each worker that comes online, which the worker answers
 * ({@code request}: the main prints the reply), a milestone to the one slot that reached it
 * ({@code send}), the running total to every worker ({@code broadcast}). It also answers the
 * workers' own requests ({@code requestLauncher}): each {@code GET /ticket} on a worker asks the
 * main for the next ticket number, one sequence for the whole cluster, as a Node primary that
 * hands out ids does.
 *
 * <pre>
 * java -cp launcher/target/launcher.jar:examples/target/examples.jar \
 *     io.clusterkit.examples.masterworker.MasterMain [-workers 2] [-port 8080]
 * curl localhost:8080/work ; curl localhost:8080/news ; curl localhost:8080/ticket
 * </pre>
 */
public final class MasterMain {

  /** Each slot gets a milestone command every this many requests. */
  static final int MILESTONE = 5;

  private final Cluster cluster;
  private final Map<Integer, Long> perSlot = new TreeMap<>();
  private long total;
  private long tickets;

  private MasterMain(Cluster cluster) {
    this.cluster = cluster;
  }

  /**
   * Starts the cluster and runs until stopped (SIGTERM or Ctrl-C stop it gracefully).
   *
   * @param args {@code -workers N} (default 2), {@code -port P} (default 8080, 0 for any)
   */
  public static void main(String[] args) throws Exception {
    if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
      System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "2");
    }
    LauncherOptions options = new LauncherOptions()
        .setWorkers(Integer.parseInt(option(args, "-workers", "2")))
        .setPort(Integer.parseInt(option(args, "-port", "8080")))
        .setHost(option(args, "-host", LauncherOptions.DEFAULT_HOST))
        .setGrace(Duration.ofSeconds(5))
        .setVerticle(ReportingVerticle.class.getName());
    Cluster cluster = Cluster.create(options);
    MasterMain master = new MasterMain(cluster);
    cluster
        .onFork(w -> System.out.println("master: fork slot " + w.slot() + " gen " + w.gen()
            + " pid " + w.pid()))
        .onOnline(w -> {
          System.out.println("master: online slot " + w.slot() + " gen " + w.gen()
              + " pid " + w.pid());
          // a request, not a send: the worker's reply comes back here; sent from onOnline,
          // never from onFork, since a worker that is not READY yet has no handler to answer
          cluster.<JsonObject>request(w.slot(), new JsonObject().put("cmd", "welcome"),
                  Duration.ofSeconds(5))
              .onSuccess(reply -> System.out.println("master: slot " + w.slot() + " gen "
                  + w.gen() + " answered the welcome: " + reply.body().encode()))
              .onFailure(e -> System.out.println("master: welcome not sent: " + e.getMessage()));
        })
        .onExit(e -> System.out.println("master: exit " + e.describe()))
        .onMessage(master::report);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        cluster.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("master: stop did not complete: " + e);
      }
    }, "master-stop"));
    cluster.start().onFailure(e -> {
      System.err.println("master: the cluster did not start: " + e.getMessage());
      System.exit(1);
    });
    System.exit(cluster.terminated().toCompletionStage().toCompletableFuture().get());
  }

  private void report(WorkerMessage message) {
    JsonObject body = message.body();
    if ("ticket".equals(body.getString("ask"))) {
      // runs on the cluster's context, one message at a time: the sequence needs no lock
      message.reply(new JsonObject().put("ticket", ++tickets));
      return;
    }
    if (!body.containsKey("served")) {
      return;
    }
    total++;
    long mine = perSlot.merge(message.slot(), 1L, Long::sum);
    String line = "master: served " + total + " requests (per slot " + perSlot;
    cluster.counter(ReportingVerticle.SERVED).get().onSuccess(shared ->
        System.out.println(line + ", shared counter " + shared + ")"));
    cluster.broadcast(new JsonObject().put("cmd", "total").put("total", total));
    if (mine % MILESTONE == 0) {
      cluster.send(message.slot(), new JsonObject().put("cmd", "milestone").put("count", mine))
          .onFailure(e -> System.out.println("master: milestone not sent: " + e.getMessage()));
    }
  }

  private static String option(String[] args, String name, String otherwise) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return otherwise;
  }
}
