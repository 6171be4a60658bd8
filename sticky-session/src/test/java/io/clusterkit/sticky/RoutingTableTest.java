package io.clusterkit.sticky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RoutingTableTest {

  private static final SocketAddress A = SocketAddress.domainSocketAddress("/tmp/w0-1.sock");
  private static final SocketAddress B = SocketAddress.domainSocketAddress("/tmp/w0-2.sock");
  private static final SocketAddress C = SocketAddress.inetSocketAddress(9001, "127.0.0.1");

  private final RoutingTable table = new RoutingTable();

  @Test
  void listsRoutedSlotsInSlotOrder() {
    table.route(2, 1, C);
    table.route(0, 1, A);
    assertThat(table.ready()).containsExactly(new SlotLoad(0, 0), new SlotLoad(2, 0));
    assertThat(table.backend(0)).contains(A);
    assertThat(table.backend(1)).isEmpty();
  }

  @Test
  void unroutesOnlyTheRoutedGeneration() {
    table.route(0, 1, A);
    table.route(0, 2, B);
    assertThat(table.unroute(0, 1)).as("late unroute of the replaced gen").isFalse();
    assertThat(table.backend(0)).contains(B);
    assertThat(table.unroute(0, 2)).isTrue();
    assertThat(table.ready()).isEmpty();
    assertThat(table.unroute(0, 2)).isFalse();
  }

  @Test
  void countsOpenConnectionsPerRoute() {
    table.route(0, 1, A);
    SlotRoute first = table.acquire(0).orElseThrow();
    SlotRoute second = table.acquire(0).orElseThrow();
    assertThat(first.gen()).isEqualTo(1);
    assertThat(first.backend()).isEqualTo(A);
    assertThat(table.ready()).containsExactly(new SlotLoad(0, 2));
    table.release(first);
    table.release(first);
    assertThat(table.ready()).as("a second release counts once").containsExactly(new SlotLoad(0, 1));
    table.release(second);
    assertThat(table.ready()).containsExactly(new SlotLoad(0, 0));
    assertThat(table.acquire(1)).isEmpty();
  }

  @Test
  void connectionsOfAReplacedGenerationDoNotCountOnItsReplacement() {
    table.route(0, 1, A);
    SlotRoute old = table.acquire(0).orElseThrow();
    table.unroute(0, 1);
    table.route(0, 2, B);
    SlotRoute current = table.acquire(0).orElseThrow();
    table.release(old);
    assertThat(table.ready()).containsExactly(new SlotLoad(0, 1));
    assertThat(current.gen()).isEqualTo(2);
  }

  @Test
  void routingTheSameGenerationAgainKeepsItsCount() {
    table.route(0, 1, A);
    table.acquire(0).orElseThrow();
    table.route(0, 1, A);
    assertThat(table.ready()).containsExactly(new SlotLoad(0, 1));
  }

  @Test
  void tellsListenersEachTimeASlotBecomesRoutable() {
    List<Integer> told = new ArrayList<>();
    IntConsumer listener = told::add;
    table.addRoutableListener(listener);
    table.route(3, 1, A);
    table.unroute(3, 1);
    table.route(1, 1, C);
    table.removeRoutableListener(listener);
    table.route(2, 1, B);
    assertThat(told).containsExactly(3, 1);
  }

  @Test
  void refusesBadArguments() {
    assertThatThrownBy(() -> table.route(-1, 0, A)).hasMessage("slot must be >= 0, was -1");
    assertThatThrownBy(() -> table.route(0, -1, A)).hasMessage("gen must be >= 0, was -1");
    assertThatThrownBy(() -> table.route(0, 0, null)).hasMessage("backend");
  }
}
