package io.clusterkit.examples.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.RawHttp;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Test hosts that are Linux network namespaces: each has its own address on a private /24,
 * joined by veth pairs to a bridge that also gives this JVM an address there, and runs an
 * {@link AdminRelay} so the test reaches its launcher's admin API. Made before the class's tests
 * and removed after them (and by a shutdown hook if the JVM ends first), namespaces, bridge and
 * relays alike, whatever the tests did. Needs root and {@code ip}; where namespaces cannot be
 * made the class is skipped with the reason, unless {@value #REQUIRE} is true (CI), which fails
 * it instead. Register it on a static field with {@code @RegisterExtension}.
 *
 * <p>A host may sit behind a 1:1 NAT ({@link #behindNat}): it then lives on a private /24 of its
 * own, reached through a router namespace that owns its public address on the bridge and
 * translates with iptables (DNAT public to private on the way in, SNAT private to public on the
 * way out), so the other hosts and this JVM reach it only at its public address. That needs
 * {@code iptables} too, and the NAT's rules die with the router's namespace.
 */
public final class NetnsHosts implements BeforeAllCallback, AfterAllCallback {

  /** The system property that turns a skip for lack of namespaces into a failure. */
  public static final String REQUIRE = "clusterkit.requireNetns";
  /** The port each host's admin relay listens on, on the host's own address. */
  public static final int RELAY_PORT = 7999;

  private final int count;
  /** Fixtures made in this JVM so far: each names its links and namespaces apart. */
  private static final java.util.concurrent.atomic.AtomicInteger MADE =
      new java.util.concurrent.atomic.AtomicInteger();

  // a namespace's links outlive its deletion for a moment (the kernel cleans up later, the
  // more so with a NAT's conntrack state): a class run next in this JVM must not reuse the names
  private final String id = Long.toString(ProcessHandle.current().pid() % 100_000, 36)
      + Character.forDigit(MADE.getAndIncrement() % 36, 36);
  private final List<String> namespaces = new ArrayList<>();
  private final List<Process> relays = new ArrayList<>();
  private final java.util.Set<Integer> natted = new java.util.TreeSet<>();
  private final Thread hook = new Thread(this::remove, "netns-cleanup");
  private String bridge;
  private String net;
  private String privateNet;
  private Path runRoot;

  /**
   * Hosts to make.
   *
   * @param count how many, 1 to 9
   */
  public NetnsHosts(int count) {
    if (count < 1 || count > 9) {
      throw new IllegalArgumentException("count must be in 1..9, was " + count);
    }
    this.count = count;
  }

  /**
   * Puts host i behind a 1:1 NAT: it binds a private address that no other host can route to,
   * and is reached at {@link #address(int)} through the NAT. Call before the hosts are made.
   *
   * @param i the host, 1-based
   * @return this fixture
   */
  public NetnsHosts behindNat(int i) {
    if (i < 1 || i > count) {
      throw new IllegalArgumentException("host must be in 1.." + count + ", was " + i);
    }
    natted.add(i);
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    String why = cannotMake();
    if (why == null && !natted.isEmpty()) {
      why = cannotNat();
    }
    if (why != null) {
      String message = "network namespaces cannot be made here (" + why + "): "
          + context.getDisplayName() + " needs them";
      if (Boolean.getBoolean(REQUIRE)) {
        throw new IllegalStateException(message + ", and -D" + REQUIRE + "=true");
      }
      System.out.println("SKIPPED " + message);
      Assumptions.abort(message);
    }
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      make();
    } catch (Exception | Error e) {
      remove();
      throw e;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    remove();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs anyway
    }
  }

  /** @return the address of host i (1-based): the one the other hosts reach it at */
  public String address(int i) {
    return net + "." + i;
  }

  /**
   * The address host i's own interface has: its private one behind a NAT, else its address.
   *
   * @param i the host, 1-based
   * @return the address its launcher binds
   */
  public String privateAddress(int i) {
    return natted.contains(i) ? privateNet + "." + i : address(i);
  }
  /**
   * Asks host i's public port and expects 200.
   *
   * @param i the host, from 1
   * @param port its public port
   * @param method the HTTP method
   * @param path the path and query
   * @return the answer's JSON body
   */
  public JsonObject callOk(int i, int port, String method, String path) {
    try {
      RawHttp.Response response = RawHttp.requestTo(address(i), port, method, path, "", 20_000);
      assertThat(response.status()).as("%s %s on host %d: %s", method, path, i,
          response.body()).isEqualTo(200);
      return response.json();
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " on host " + i, e);
    }
  }


  /** @return every host's Hazelcast member address, comma-separated, for -members */
  public String members() {
    List<String> all = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      all.add(address(i));
    }
    return String.join(",", all);
  }

  /** @return the namespace of host i (1-based) */
  public String namespace(int i) {
    return namespaces.get(i - 1);
  }

  /**
   * A launcher builder for host i: started in its namespace with its own run directory, its
   * public port and cluster interface on the host's address, its admin API through the relay.
   *
   * @param i the host, 1-based
   * @return the builder, for the test to add the verticle and its options
   */
  public ClusterKit launcher(int i) {
    return ClusterKit.cluster()
        .through("ip", "netns", "exec", namespace(i))
        .env("CLUSTERKIT_RUN_DIR", runRoot.resolve("h" + i).toString())
        .option("-host", privateAddress(i))
        .option("-cluster-host", privateAddress(i))
        .adminVia(address(i), RELAY_PORT);
  }

  /**
   * Cuts host i off the bridge, or joins it again: a network split and its healing.
   *
   * @param i the host, 1-based
   * @param connected false to cut it off
   */
  public void link(int i, boolean connected) {
    try {
      check(run("ip", "link", "set", "ck" + id + "v" + i, connected ? "up" : "down"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return null when namespaces can be made here, else why not */
  private static String cannotMake() {
    if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
      return "not Linux";
    }
    String probe = "ckprobe" + ProcessHandle.current().pid();
    try {
      Result add = run("ip", "netns", "add", probe);
      if (add.code() != 0) {
        return "ip netns add: " + add.output().trim();
      }
      run("ip", "netns", "del", probe);
      return null;
    } catch (IOException e) {
      return "no ip command: " + e.getMessage();
    }
  }

  /** @return null when iptables can make a NAT in a namespace here, else why not */
  private static String cannotNat() {
    String probe = "ckprobe" + ProcessHandle.current().pid();
    try {
      run("ip", "netns", "add", probe);
      Result list = run("ip", "netns", "exec", probe, "iptables", "-t", "nat", "-L", "-n");
      return list.code() == 0 ? null : "iptables -t nat: " + list.output().trim();
    } catch (IOException e) {
      return "no iptables command: " + e.getMessage();
    } finally {
      try {
        run("ip", "netns", "del", probe);
      } catch (IOException e) {
        System.err.println("could not remove namespace " + probe + ": " + e.getMessage());
      }
    }
  }

  private void make() throws IOException {
    net = freeNet();
    // only ever inside the NAT's namespaces: no route of this machine or another fixture sees it
    privateNet = "10.214." + net.substring(net.lastIndexOf('.') + 1);
    bridge = "ck" + id + "br";
    runRoot = Files.createTempDirectory("clusterkit-netns");
    check(run("ip", "link", "add", bridge, "type", "bridge"));
    check(run("ip", "addr", "add", net + ".254/24", "dev", bridge));
    check(run("ip", "link", "set", bridge, "up"));
    for (int i = 1; i <= count; i++) {
      String ns = "ck" + id + "h" + i;
      check(run("ip", "netns", "add", ns));
      namespaces.add(ns);
      // a host behind the NAT hangs off its router, which takes the host's place on the bridge
      String onBridge = ns;
      if (natted.contains(i)) {
        onBridge = "ck" + id + "n" + i;
        check(run("ip", "netns", "add", onBridge));
        namespaces.add(onBridge);
      }
      String veth = "ck" + id + "v" + i;
      check(run("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns",
          onBridge));
      check(run("ip", "link", "set", veth, "master", bridge, "up"));
      check(run("ip", "-n", onBridge, "addr", "add", address(i) + "/24", "dev", "eth0"));
      check(run("ip", "-n", onBridge, "link", "set", "eth0", "up"));
      check(run("ip", "-n", onBridge, "link", "set", "lo", "up"));
      if (natted.contains(i)) {
        makeNat(i, onBridge, ns);
      }
      Files.createDirectories(runRoot.resolve("h" + i));
      startRelay(i);
    }
  }

  /**
   * Joins host i's namespace to its router's by a private link and makes the router a 1:1 NAT
   * between the host's private address and its public one.
   */
  private void makeNat(int i, String router, String host) throws IOException {
    String gateway = privateNet + ".254";
    check(run("ip", "-n", router, "link", "add", "eth1", "type", "veth", "peer", "name", "eth0",
        "netns", host));
    check(run("ip", "-n", router, "addr", "add", gateway + "/24", "dev", "eth1"));
    check(run("ip", "-n", router, "link", "set", "eth1", "up"));
    check(run("ip", "-n", host, "addr", "add", privateAddress(i) + "/24", "dev", "eth0"));
    check(run("ip", "-n", host, "link", "set", "eth0", "up"));
    check(run("ip", "-n", host, "link", "set", "lo", "up"));
    check(run("ip", "-n", host, "route", "add", "default", "via", gateway));
    check(run("ip", "netns", "exec", router, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1"));
    check(run("ip", "netns", "exec", router, "iptables", "-t", "nat", "-A", "PREROUTING", "-d",
        address(i), "-j", "DNAT", "--to-destination", privateAddress(i)));
    check(run("ip", "netns", "exec", router, "iptables", "-t", "nat", "-A", "POSTROUTING", "-s",
        privateAddress(i), "-j", "SNAT", "--to-source", address(i)));
  }

  private void startRelay(int i) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process relay = new ProcessBuilder("ip", "netns", "exec", namespace(i), java.toString(),
        "-Xmx16m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        AdminRelay.class.getName(), privateAddress(i), Integer.toString(RELAY_PORT),
        runRoot.resolve("h" + i).toString())
        .redirectErrorStream(true).start();
    relays.add(relay);
    String first = new String(relay.getInputStream().readNBytes(("relaying " + privateAddress(i))
        .length()), StandardCharsets.UTF_8);
    if (!first.startsWith("relaying")) {
      throw new IllegalStateException("the admin relay of host " + i + " did not start: " + first);
    }
  }

  /** Picks a /24 under 10.213 that no route of this machine covers yet. */
  private static String freeNet() throws IOException {
    String routes = run("ip", "-4", "route").output();
    for (int third = 1; third < 250; third++) {
      String candidate = "10.213." + third;
      if (!routes.contains(candidate + ".")) {
        return candidate;
      }
    }
    throw new IllegalStateException("no free /24 under 10.213.0.0/16: " + routes);
  }

  private synchronized void remove() {
    for (Process relay : relays) {
      relay.destroyForcibly();
      try {
        relay.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    relays.clear();
    // the bridge's end of each link goes first, and takes its peer with it at once
    for (int i = 1; bridge != null && i <= count; i++) {
      try {
        run("ip", "link", "del", "ck" + id + "v" + i);
      } catch (IOException e) {
        System.err.println("could not remove link ck" + id + "v" + i + ": " + e.getMessage());
      }
    }
    for (String ns : namespaces) {
      try {
        run("ip", "netns", "del", ns);
      } catch (IOException e) {
        System.err.println("could not remove namespace " + ns + ": " + e.getMessage());
      }
    }
    namespaces.clear();
    if (bridge != null) {
      try {
        run("ip", "link", "del", bridge);
      } catch (IOException e) {
        System.err.println("could not remove bridge " + bridge + ": " + e.getMessage());
      }
      bridge = null;
    }
  }

  private record Result(int code, String output) {
  }

  private static void check(Result result) {
    if (result.code() != 0) {
      throw new IllegalStateException("ip or iptables failed: " + result.output().trim());
    }
  }

  private static Result run(String... command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not end within 30 s");
      }
      return new Result(process.exitValue(), output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted", e));
    }
  }
}
