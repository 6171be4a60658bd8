package io.clusterkit.verticles.rxjava3.impl;

import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Future;
import io.vertx.rxjava3.CompletableHelper;
import io.vertx.rxjava3.MaybeHelper;
import io.vertx.rxjava3.SingleHelper;
import java.util.function.Function;

/**
 * Turns the futures of ClusterKit's operations, already under way, into the RxJava type that
 * carries their outcome: every subscriber, whenever it subscribes, gets that one outcome (the
 * operation is not run again), on the thread that completed the future or, once completed, on
 * its own.
 */
public final class RxFutures {

  private RxFutures() {
  }

  /**
   * Carries a future's non-null result.
   *
   * @param future an operation under way
   * @param <T> the result type
   * @return a Single of its result or failure
   */
  public static <T> Single<T> single(Future<T> future) {
    return SingleHelper.toSingle(future::onComplete);
  }

  /**
   * Carries a future's result, mapped (by a conversion that cannot fail).
   *
   * @param future an operation under way
   * @param mapping turns the result into the Rx-side value
   * @param <T> the result type
   * @param <U> the mapped type
   * @return a Single of the mapped result or of the failure
   */
  public static <T, U> Single<U> single(Future<T> future, Function<T, U> mapping) {
    return single(future.map(mapping));
  }

  /**
   * Carries a future's result, where null means none.
   *
   * @param future an operation under way
   * @param <T> the result type
   * @return a Maybe of its result (empty for null) or failure
   */
  public static <T> Maybe<T> maybe(Future<T> future) {
    return MaybeHelper.toMaybe(future::onComplete);
  }

  /**
   * Carries a future's completion, ignoring its result.
   *
   * @param future an operation under way
   * @return a Completable of its completion or failure
   */
  public static Completable completable(Future<?> future) {
    Future<Void> done = future.mapEmpty();
    return CompletableHelper.toCompletable(done::onComplete);
  }
}
