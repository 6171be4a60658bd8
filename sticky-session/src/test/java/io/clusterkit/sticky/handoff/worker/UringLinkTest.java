package io.clusterkit.sticky.handoff.worker;

import io.clusterkit.sticky.handoff.HandoffWire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hand-off link read by an io_uring loop itself, against a real Unix domain socket whose other
 * end plays the launcher: descriptors arrive as one batch, a report the socket cannot take at
 * once holds back what depends on it, in order, and the end of the link fails what still waits.
 */
class UringLinkTest {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private static EventLoopGroup group;
  private EventLoop loop;
  private Socket launcher;
  private UringLink link;
  private final Owner owner = new Owner();

  @TempDir
  Path dir;

  @BeforeAll
  static void startLoop() {
    assumeTrue(IoUring.isAvailable(), () -> "io_uring: " + IoUring.unavailabilityCause());
    group = new MultiThreadIoEventLoopGroup(1, IoUringIoHandler.newFactory());
  }

  @AfterAll
  static void stopLoop() {
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @BeforeEach
  void connect() throws Exception {
    loop = group.next();
    Path path = dir.resolve("link.sock");
    Socket listener = Socket.newSocketDomain();
    try {
      listener.bind(new DomainSocketAddress(path.toString()));
      listener.listen(1);
      launcher = Socket.newSocketDomain();
      launcher.connect(new DomainSocketAddress(path.toString()));
      byte[] address = new byte[128];
      int fd = await(() -> {
        try {
          return listener.accept(address);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }, n -> n > 0, "the link accepted");
      Socket worker = new Socket(fd);
      // small buffers, so that a few kilobytes of reports fill the link
      worker.setSendBufferSize(4096);
      launcher.setReceiveBufferSize(4096);
      link = new UringLink(worker, loop, owner);
      onLoop(() -> link.register()).get(10, TimeUnit.SECONDS).sync();
    } finally {
      listener.close();
      Files.deleteIfExists(path);
    }
  }

  @AfterEach
  void close() throws Exception {
    if (link != null) {
      onLoop(() -> {
        link.close();
        return null;
      }).get(10, TimeUnit.SECONDS);
    }
    if (launcher != null) {
      launcher.close();
    }
  }

  @Test
  void descriptorsSentTogetherArriveAsOneBatchAndWork() throws Exception {
    List<FileDescriptor[]> pipes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      FileDescriptor[] pipe = FileDescriptor.pipe();
      pipes.add(pipe);
      assertThat(launcher.sendFd(pipe[0].intValue())).isPositive();
    }
    await(() -> owner.received.size(), n -> n == 3, "3 descriptors received");
    for (int i = 0; i < 3; i++) {
      // each received descriptor is the read end of the pipe sent in that place
      byte[] word = ("pipe " + i).getBytes(StandardCharsets.US_ASCII);
      ByteBuffer out = ByteBuffer.allocateDirect(word.length).put(word).flip();
      pipes.get(i)[1].write(out, 0, word.length);
      ByteBuffer in = ByteBuffer.allocateDirect(word.length);
      int read = owner.received.get(i).read(in, 0, word.length);
      byte[] got = new byte[read];
      in.get(0, got);
      assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("pipe " + i);
    }
    assertThat(owner.batches.get()).as("reads that found descriptors").isBetween(1, 3);
    for (FileDescriptor[] pipe : pipes) {
      pipe[0].close();
      pipe[1].close();
    }
    owner.received.forEach(HandoffWire::closeQuietly);
    launcher.shutdown(true, true);
    await(() -> owner.ended.get(), n -> n == 1, "the link ended once");
    assertThat(owner.unreported).isEmpty();
  }

  @Test
  void reportsTheSocketCannotTakeAtOnceWaitAndRunInOrder() throws Exception {
    int reports = 4_000; // 48 kB, far past both buffers
    List<Integer> written = new CopyOnWriteArrayList<>();
    AtomicInteger failed = new AtomicInteger();
    int doneAtOnce = onLoop(() -> {
      for (int i = 0; i < reports; i++) {
        int id = i;
        link.report(id, 0, 0,
            () -> written.add(id), failed::incrementAndGet);
      }
      return written.size();
    }).get(10, TimeUnit.SECONDS);
    assertThat(doneAtOnce).as("reports written before the launcher read any").isLessThan(reports)
        .isPositive();
    // the launcher reads: every report arrives whole and in order, and each waiter then runs
    ByteBuffer in = ByteBuffer.allocateDirect(HandoffWire.REPORT_BYTES * reports);
    await(() -> {
      try {
        int n = launcher.recv(in, in.position(), in.limit());
        if (n > 0) {
          in.position(in.position() + n);
        }
        return in.position();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }, n -> n == in.limit(), "bytes the launcher read");
    for (int i = 0; i < reports; i++) {
      assertThat(in.getInt(i * HandoffWire.REPORT_BYTES)).isEqualTo(i);
    }
    await(written::size, n -> n == reports, "reports whose waiter ran");
    assertThat(written).isSorted();
    assertThat(failed).hasValue(0);
  }

  @Test
  void theEndOfTheLinkFailsWhatWaitsForAReport() throws Exception {
    int reports = 4_000;
    AtomicInteger written = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    onLoop(() -> {
      for (int i = 0; i < reports; i++) {
        link.report(1, 0, 0,
            written::incrementAndGet, failed::incrementAndGet);
      }
      return null;
    }).get(10, TimeUnit.SECONDS);
    assertThat(written.get()).isLessThan(reports);
    launcher.close();
    launcher = null;
    await(owner.ended::get, n -> n == 1, "the link ended once");
    await(() -> written.get() + failed.get(), n -> n == reports, "waiters that ran");
    assertThat(failed.get()).as("waiters failed").isPositive();
    // a report after the end fails at once
    AtomicInteger late = new AtomicInteger();
    onLoop(() -> {
      link.report(1, 0, 0, () -> { },
          late::incrementAndGet);
      return null;
    }).get(10, TimeUnit.SECONDS);
    assertThat(late).hasValue(1);
    assertThat(link.isActive()).isFalse();
  }

  private <T> CompletableFuture<T> onLoop(Supplier<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.execute(() -> {
      try {
        result.complete(task.get());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  private static <T> T await(Supplier<T> value, java.util.function.Predicate<T> done,
      String what) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    T last = value.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + DEADLINE + " waiting for " + what
            + "; last value " + last);
      }
      LockSupport.parkNanos(POLL_NANOS);
      last = value.get();
    }
    return last;
  }

  /** Records what the link gives its receiver. */
  private static final class Owner implements LinkOwner {

    final List<FileDescriptor> received = new CopyOnWriteArrayList<>();
    final List<FileDescriptor> unreported = new CopyOnWriteArrayList<>();
    final AtomicInteger batches = new AtomicInteger();
    final AtomicInteger ended = new AtomicInteger();

    @Override
    public String name() {
      return "test";
    }

    @Override
    public void received(LinkPort port, List<FileDescriptor> pending) {
      batches.incrementAndGet();
      received.addAll(pending);
      pending.clear();
    }

    @Override
    public void linkEnded(LinkPort port, List<FileDescriptor> unreported) {
      ended.incrementAndGet();
      this.unreported.addAll(unreported);
    }
  }
}
