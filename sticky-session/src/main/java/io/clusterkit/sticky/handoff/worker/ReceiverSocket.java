package io.clusterkit.sticky.handoff.worker;

/** A socket of the hand-off receiver, listening or linked, whichever transport runs it. */
interface ReceiverSocket {

  /** Closes it, on the receiver's loop. Idempotent. */
  void close();

  /** Shuts it down both ways at once, from any thread (see {@link HandoffReceiver#abort()}). */
  void shutdownNow();
}
