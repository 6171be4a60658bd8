package io.clusterkit.examples.cpu;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Hashes on the threads of its own deployment: deployed by {@link HashingVerticle} as a worker
 * verticle or on virtual threads, it answers each local message (an iteration count) with the
 * hash's JSON. Each instance handles one message at a time, so the instance count bounds how
 * many hashes run at once.
 */
public class HashingJob extends VerticleBase {

  /** The local event-bus address of the hashing jobs. */
  public static final String ADDRESS = "examples.cpu.hash";

  @Override
  public Future<?> start() {
    return vertx.eventBus().<Integer>localConsumer(ADDRESS,
        message -> message.reply(Passwords.hash(message.body()))).completion();
  }
}
