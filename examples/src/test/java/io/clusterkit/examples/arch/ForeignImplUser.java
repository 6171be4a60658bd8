package io.clusterkit.examples.arch;

import io.clusterkit.state.SharedState;
import io.clusterkit.state.impl.SharedStates;
import io.vertx.core.Vertx;

/** Breaks the module rule on purpose, for {@link ModuleBoundariesTest} to catch. */
final class ForeignImplUser {

  private ForeignImplUser() {
  }

  static SharedState state(Vertx vertx) {
    return SharedStates.create(vertx);
  }
}
