package io.clusterkit.launcher;

import io.clusterkit.state.PortableValues;
import io.vertx.core.Handler;

/**
 * A message a worker sent to the launcher, as {@link Cluster#onMessage} gets it (Node's
 * {@code 'message'} event on the primary): which worker sent it, and the body.
 */
public final class WorkerMessage {

  private final int slot;
  private final int gen;
  private final Object body;
  private final Handler<Object> replier;

  /**
   * Creates a message (the launcher does; a test of a handler may too).
   *
   * @param slot the sender's slot
   * @param gen the generation of the sender's process
   * @param body the body
   * @param replier where {@link #reply} sends its answer, or null when no answer is awaited
   */
  public WorkerMessage(int slot, int gen, Object body, Handler<Object> replier) {
    this.slot = slot;
    this.gen = gen;
    this.body = body;
    this.replier = replier;
  }

  /** @return the sender's slot */
  public int slot() {
    return slot;
  }

  /** @return the generation of the sender's process within its slot */
  public int gen() {
    return gen;
  }

  /**
   * Returns the body, cast to what the caller expects.
   *
   * @param <T> a portable type: String, JsonObject, JsonArray, a JDK number, Boolean, Buffer...
   * @return the body the worker sent
   */
  @SuppressWarnings("unchecked")
  public <T> T body() {
    return (T) body;
  }

  /** @return true when the worker used {@code requestLauncher} and awaits {@link #reply} */
  public boolean expectsReply() {
    return replier != null;
  }

  /**
   * Answers a worker's {@code requestLauncher}; it may be called later, from any thread.
   *
   * @param body a portable value
   * @throws IllegalStateException when the worker used {@code sendToLauncher}, which awaits no
   *     answer (the launcher acknowledged it already)
   * @throws IllegalArgumentException when body is not a portable value
   */
  public void reply(Object body) {
    if (replier == null) {
      throw new IllegalStateException("slot " + slot + " gen " + gen
          + " used sendToLauncher, which awaits no reply");
    }
    replier.handle(PortableValues.check(body, "body"));
  }

  @Override
  public String toString() {
    return "message from slot " + slot + " gen " + gen + ": " + body;
  }
}
