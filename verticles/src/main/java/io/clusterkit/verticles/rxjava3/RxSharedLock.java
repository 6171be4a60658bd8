package io.clusterkit.verticles.rxjava3;

import io.clusterkit.state.SharedLock;
import io.clusterkit.verticles.rxjava3.impl.RxFutures;
import io.reactivex.rxjava3.core.Completable;
import java.util.Objects;

/**
 * A held cluster-wide lock with an RxJava 3 API: the twin of {@link SharedLock}. Release it on
 * every path ({@code doFinally}, {@code Single.using}); a lock never released stays held until its
 * member leaves the cluster.
 */
public final class RxSharedLock {

  private final SharedLock delegate;

  private RxSharedLock(SharedLock delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * Wraps a future-based lock.
   *
   * @param delegate the held lock
   * @return its Rx twin
   */
  public static RxSharedLock newInstance(SharedLock delegate) {
    return new RxSharedLock(delegate);
  }

  /** @return the future-based lock this one calls */
  public SharedLock getDelegate() {
    return delegate;
  }

  /** @return the name it was acquired with */
  public String name() {
    return delegate.name();
  }

  /**
   * Frees the lock for the next waiter, at once (subscribing only observes it); calling it again
   * does nothing more.
   *
   * @return a Completable that completes once the lock is free for others
   */
  public Completable release() {
    return RxFutures.completable(delegate.release());
  }
}
