"""Helpers shared by the bench/ scripts: processes they start (and always stop), wrk runs,
RSS from /proc, medians. Traffic goes to 127.0.0.1 only.
"""
import atexit
import os
import random
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAUNCHER = os.path.join(ROOT, "launcher", "target", "launcher.jar")
EXAMPLES = os.path.join(ROOT, "examples", "target", "examples.jar")
HELLO = "io.clusterkit.examples.hello.HelloVerticle"
USAGE_EXIT = 2  # the launcher's exit code for a bad option or value

_started = []  # every process a script started and has not reaped yet


def require_jars():
    for f in (LAUNCHER, EXAMPLES):
        if not os.path.exists(f):
            sys.exit(f"missing {f}: run mvn -B -DskipTests package first")


def stop_all():
    """Stops every process still registered, newest first: the scripts' exit path."""
    while _started:
        _started.pop().stop()


def _on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def install_cleanup():
    """Stops every started process at exit, after an exception, Ctrl-C or SIGTERM."""
    atexit.register(stop_all)
    # Ctrl-C raises KeyboardInterrupt even when the script was started with SIGINT ignored
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)


def free_port():
    """A port free on every address, below Linux's ephemeral range (32768 and up by default):
    wrk's client sockets, many in TIME_WAIT under Connection: close, take ports from that range,
    and a server could not bind one of those a moment later."""
    for _ in range(200):
        port = random.randrange(20000, 32000)
        with socket.socket() as s:
            try:
                s.bind(("0.0.0.0", port))
                return port
            except OSError:
                continue
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(pid):
    """The pids of pid's children, grandchildren... read from /proc."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except FileNotFoundError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{p}/task/{tid}/children") as f:
                    kids = [int(k) for k in f.read().split()]
            except FileNotFoundError:
                continue
            found += kids
            todo += kids
    return found


def identity(pid):
    """pid's start time (field 22 of /proc/PID/stat), or None if it is gone: with the pid, it
    names one process, so a pid the kernel has since given to another process is never killed."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def kill_if_same(known):
    """SIGKILLs each pid of {pid: identity} that is still the process it was."""
    for pid, ident in known.items():
        if ident is not None and identity(pid) == ident:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except FileNotFoundError:
        pass
    return float("nan")


def tree_rss_mb(pid):
    """RSS of pid and every descendant, in MB."""
    return sum(r for r in (rss_mb(p) for p in [pid] + descendants(pid)) if r == r)


def cpu_seconds(pid):
    """User + system CPU seconds pid has used so far (every thread, live or ended), or 0 if it
    is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid):
    """CPU seconds used so far by pid and every live descendant."""
    return sum(cpu_seconds(p) for p in [pid] + descendants(pid))


class Proc:
    """A started process whose output lines are collected with their arrival times. It is
    registered at once, so stop_all() reaches it even if the script fails right after."""

    def __init__(self, cmd, env=None, name=None):
        self.name = name or os.path.basename(cmd[0])
        self.lines = []
        self.cond = threading.Condition()
        self.t0 = time.monotonic()
        # a process group of its own: Ctrl-C reaches only the script, which then stops it
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, text=True, bufsize=1,
                                     env=None if env is None else {**os.environ, **env},
                                     start_new_session=True)
        self.pid = self.proc.pid
        self.children = {}  # pid -> identity() of every descendant seen
        _started.append(self)
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.proc.stdout:
            with self.cond:
                self.lines.append((time.monotonic(), line.rstrip("\n")))
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def wait_for(self, pattern, timeout=120, start=0):
        """Waits for an output line matching pattern: (arrival time, match, line index)."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for i in range(start, len(self.lines)):
                    m = rx.search(self.lines[i][1])
                    if m:
                        return self.lines[i][0], m, i
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    tail = "\n".join(l for _, l in self.lines[-20:])
                    raise RuntimeError(f"{self.name}: no line /{pattern}/ within {timeout}s "
                                       f"(exit {self.proc.poll()}); last lines:\n{tail}")
                self.cond.wait(min(left, 0.5))

    def matches(self, pattern):
        rx = re.compile(pattern)
        with self.cond:
            return [m for _, l in self.lines for m in [rx.search(l)] if m]

    def output(self):
        with self.cond:
            return "\n".join(l for _, l in self.lines)

    def tree_rss_mb(self):
        return tree_rss_mb(self.pid)

    def tree_cpu_seconds(self):
        return tree_cpu_seconds(self.pid)

    def remember_children(self):
        """Records the current descendants, so stop() can kill them even once orphaned."""
        for p in descendants(self.pid):
            self.children.setdefault(p, identity(p))

    def stop(self, grace=30):
        """SIGTERM, then SIGKILL after grace seconds; then SIGKILL to any descendant left."""
        if self in _started:
            _started.remove(self)
        self.remember_children()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        kill_if_same(self.children)


class Launcher(Proc):
    """A ClusterKit launcher: `java -jar launcher.jar -workers N -port P ... VERTICLE`."""

    def __init__(self, workers, port=0, verticle=HELLO, extra=(), env=None, name="clusterkit"):
        super().__init__(["java", "-Xmx256m", "-jar", LAUNCHER, "-workers", str(workers),
                          "-port", str(port), "-host", "127.0.0.1", "-grace", "5", *extra,
                          "-cp", EXAMPLES, verticle], env=env, name=name)

    def wait_ready(self, timeout=180):
        """Waits for 'ClusterKit ready'; returns the port it serves on."""
        _, m, _ = self.wait_for(r"ClusterKit ready: .* serving on port (\d+)", timeout)
        self.remember_children()
        return int(m.group(1))

    def worker_pids(self):
        return [int(m.group(2)) for m in self.matches(r"slot (\d+) gen \d+ pid (\d+) - spawned")]

    def stop(self, grace=60):
        # workers it logged, alive and still ClusterKit workers (a reload leaves old pids behind)
        for p in self.worker_pids():
            try:
                with open(f"/proc/{p}/cmdline", "rb") as f:
                    ours = b"clusterkit" in f.read().lower()
            except OSError:
                ours = False
            if ours:
                self.children.setdefault(p, identity(p))
        super().stop(grace)


def start_plain(port, loops=2):
    """HelloVerticle on one plain JVM with `loops` event loops and verticle instances."""
    p = Proc(["java", "-Xmx256m", "-cp", f"{LAUNCHER}:{EXAMPLES}",
              "io.clusterkit.examples.hello.StandaloneHello", str(port), str(loops)], name="plain")
    p.wait_for(r"listening", timeout=60)
    return p


# set by client_addresses(): wrk's connections then come from that many 127.0.0.x addresses
WRK_ENV = None


def client_addresses(count):
    """Builds bench/clientaddr (gcc) and makes every later wrk run connect from `count` client
    addresses, 127.0.0.2 and up, in turn, instead of 127.0.0.1 alone; 0 leaves wrk alone."""
    global WRK_ENV
    if count <= 0:
        WRK_ENV = None
        return
    src = os.path.join(ROOT, "bench", "clientaddr", "clientaddr.c")
    lib = os.path.join(tempfile.mkdtemp(prefix="clientaddr"), "clientaddr.so")
    subprocess.run(["gcc", "-O2", "-shared", "-fPIC", "-o", lib, src, "-ldl"], check=True)
    WRK_ENV = dict(os.environ, LD_PRELOAD=lib, CLIENTADDR_COUNT=str(count))


def _wrk_cmd(port, duration, connections, close, path):
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency"]
    if close:
        cmd += ["-H", "Connection: close"]
    return cmd + [f"http://127.0.0.1:{port}{path}"]


def _latency_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(out):
    """wrk's report as numbers: requests, seconds, rps, p99_ms, max_ms, connect, read, write,
    timeout (its socket errors), non2xx, and failed = socket errors + non-2xx responses."""
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m),", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not done or not rps:
        raise RuntimeError(f"wrk gave no totals:\n{out}")
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s|m)\b", out)
    mx = re.search(r"Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s|m)\b", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    r = {"requests": int(done.group(1)), "seconds": _latency_ms(done.group(2), done.group(3)) / 1000,
         "rps": float(rps.group(1)),
         "p99_ms": _latency_ms(*p99.groups()) if p99 else float("nan"),
         "max_ms": _latency_ms(*mx.groups()) if mx else float("nan"),
         "non2xx": int(non2xx.group(1)) if non2xx else 0}
    for i, k in enumerate(("connect", "read", "write", "timeout")):
        r[k] = int(errors.group(i + 1)) if errors else 0
    r["failed"] = r["connect"] + r["read"] + r["write"] + r["timeout"] + r["non2xx"]
    return r


def start_wrk(port, duration, connections, close=False, path="/"):
    """Starts wrk (1 thread) in the background: a Proc, stopped with the others. SIGINT ends it
    early with its report; parse_wrk(proc.output()) once it has exited."""
    return Proc(_wrk_cmd(port, duration, connections, close, path), env=WRK_ENV, name="wrk")


def _run_wrk(port, duration, connections, close, path):
    """One wrk run, 1 thread, to its end: its output."""
    return subprocess.run(_wrk_cmd(port, duration, connections, close, path), capture_output=True,
                          text=True, timeout=duration + 60, env=WRK_ENV).stdout


def wrk_report(port, duration, connections, close, path="/"):
    """One wrk run, 1 thread: its report as parse_wrk gives it."""
    return parse_wrk(_run_wrk(port, duration, connections, close, path))


def wrk(port, duration, connections, close, path="/"):
    """One wrk run, 1 thread: (req/s, p99 ms, socket errors, non-2xx count)."""
    out = _run_wrk(port, duration, connections, close, path)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not rps:
        raise RuntimeError(f"wrk gave no Requests/sec for port {port}:\n{out}")
    errors = re.search(r"Socket errors: (.*)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    p99ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)] if p99 else float("nan")
    return (float(rps.group(1)), p99ms, (errors.group(1) if errors else "none"),
            int(non2xx.group(1)) if non2xx else 0)


def med(xs):
    xs = [x for x in xs if x == x]
    return statistics.median(xs) if xs else float("nan")


def machine():
    """One line on the machine: cores, model, load average, kernel, Java, date."""
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
    except OSError:
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    return (f"{os.cpu_count()} cores ({model}), load average {os.getloadavg()[0]:.2f} at start, "
            f"Linux {os.uname().release}, {java[0] if java else 'java ?'}")


def command_line(script):
    """The command that reruns this script with the same figures (no --note, no --no-doc)."""
    args, skip = [], False
    for a in sys.argv[1:]:
        if skip:
            skip = False
        elif a == "--note":
            skip = True
        elif not a.startswith("--note=") and a != "--no-doc":
            args.append(a)
    return shlex.join(["python3", f"bench/{script}"] + args)


PM2_DIR = os.path.join(ROOT, "bench", "pm2")
PM2_BIN = os.path.join(PM2_DIR, "node_modules", ".bin", "pm2")


def pm2_version():
    """Installs bench/pm2 (the pinned PM2 of its package.json) if it is missing; its version."""
    if not os.path.exists(PM2_BIN):
        print("installing PM2: npm install --prefix bench/pm2", flush=True)
        subprocess.run(["npm", "install", "--prefix", PM2_DIR, "--no-audit", "--no-fund"],
                       check=True, timeout=600)
    with open(os.path.join(PM2_DIR, "node_modules", "pm2", "package.json")) as f:
        import json
        return json.load(f)["version"]


class Pm2:
    """A PM2 daemon of the script's own: PM2_HOME is a fresh temp directory, so the user's PM2
    (and ~/.pm2) is untouched. Registered like a Proc: stop() runs `pm2 kill` with that PM2_HOME,
    then SIGKILLs the daemon and every process it started that is still alive."""

    def __init__(self):
        self.home = tempfile.mkdtemp(prefix="pm2home")
        self.name = "pm2"
        self.pids = {}  # pid -> identity(): the daemon and its processes when last seen
        _started.append(self)

    def run(self, *args, timeout=120, env=None):
        return subprocess.run([PM2_BIN, *args], capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL,
                              env={**os.environ, **(env or {}), "PM2_HOME": self.home})

    def daemon_pid(self):
        try:
            with open(os.path.join(self.home, "pm2.pid")) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def remember_children(self):
        """Records the daemon and its live processes (the apps' workers); forgets the rest."""
        d = self.daemon_pid()
        self.pids = {p: identity(p) for p in ([d, *descendants(d)] if d else [])}

    def tree_rss_mb(self):
        d = self.daemon_pid()
        return tree_rss_mb(d) if d else float("nan")

    def stop(self, grace=30):
        if self in _started:
            _started.remove(self)
        self.remember_children()
        try:
            self.run("kill", timeout=grace)
        except (subprocess.TimeoutExpired, OSError):
            pass
        kill_if_same(self.pids)
        shutil.rmtree(self.home, ignore_errors=True)


def http_ok(port, timeout=1.0, path="/"):
    """True if 127.0.0.1:port answers path with a 2xx."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            return s.recv(64).split(b" ")[1].startswith(b"2")
    except (OSError, IndexError):
        return False
