package io.clusterkit.launcher.cli;

import io.clusterkit.sticky.Balancers;
import java.util.Iterator;

/** The names {@code -balance} accepts, for the help text. */
final class BalanceNames implements Iterable<String> {

  @Override
  public Iterator<String> iterator() {
    return Balancers.names().iterator();
  }
}
