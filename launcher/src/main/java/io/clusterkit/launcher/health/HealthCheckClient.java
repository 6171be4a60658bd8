package io.clusterkit.launcher.health;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * One HTTP health check of a worker: {@code GET path} on the address where the worker's own
 * server answers checks (a Unix domain socket, or host and port), judged within the timeout,
 * connecting included, over TLS when that server speaks it. Non-blocking, on a Vert.x {@link HttpClient} held for the launcher's life
 * (Vert.x closes a client that is garbage-collected) and without keep-alive, so that no check
 * connection idles in a worker that is draining.
 */
final class HealthCheckClient {

  private final Vertx vertx;
  private final String path;
  private final long timeoutMillis;
  private final HttpClient client;
  /** For the servers of the workers' own that speak TLS; made on the first such worker. */
  private HttpClient tlsClient;
  /** The probe addresses whose servers speak TLS. */
  private final Set<SocketAddress> tls = new HashSet<>();

  /**
   * Creates the client.
   *
   * @param vertx the launcher's Vert.x (its native transport reaches Unix domain sockets)
   * @param path the path to GET, with its query if any
   * @param timeout how long one check may take
   */
  HealthCheckClient(Vertx vertx, String path, Duration timeout) {
    this.vertx = vertx;
    this.path = path;
    this.timeoutMillis = timeout.toMillis();
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setName("clusterkit-health")
        .setKeepAlive(false)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis)));
  }

  /**
   * Says whether the server at a probe address speaks TLS: a server of the worker's own with
   * TLS. The check then speaks TLS too and trusts any certificate: it is a liveness check over
   * loopback, not a verification of the application's certificate.
   *
   * @param address a worker's probe address
   * @param speaksTls whether its server speaks TLS
   */
  void speaksTls(SocketAddress address, boolean speaksTls) {
    if (speaksTls) {
      tls.add(address);
    } else {
      tls.remove(address);
    }
  }

  /**
   * Forgets the TLS of every probe address but the live ones.
   *
   * @param live the probe addresses of the workers still checked
   */
  void retainTls(Collection<SocketAddress> live) {
    tls.retainAll(live);
  }

  /**
   * Tells whether checks at an address speak TLS.
   *
   * @param address a worker's probe address
   * @return whether they do
   */
  boolean tls(SocketAddress address) {
    return tls.contains(address);
  }

  private HttpClient clientFor(SocketAddress address) {
    if (!tls.contains(address)) {
      return client;
    }
    if (tlsClient == null) {
      tlsClient = vertx.createHttpClient(new HttpClientOptions()
          .setName("clusterkit-health-tls")
          .setKeepAlive(false)
          .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
          .setSsl(true)
          .setTrustAll(true)
          .setVerifyHost(false));
    }
    return tlsClient;
  }

  /**
   * Checks one worker once; call it on the context that should run the outcome's callbacks.
   *
   * @param address where the worker answers checks
   * @return a future completed (never failed) with the outcome, at the latest after the timeout
   */
  Future<ProbeOutcome> check(SocketAddress address) {
    Promise<ProbeOutcome> outcome = Promise.promise();
    HttpClientRequest[] sent = new HttpClientRequest[1];
    long timer = vertx.setTimer(timeoutMillis, id -> {
      if (outcome.tryComplete(ProbeOutcome.timedOut(timeoutMillis)) && sent[0] != null) {
        sent[0].reset(); // closes the connection: a hung worker keeps no check open
      }
    });
    clientFor(address).request(new RequestOptions()
            .setServer(address)
            .setMethod(HttpMethod.GET)
            .setHost("localhost")
            .setURI(path)
            .setConnectTimeout(timeoutMillis)
            .setIdleTimeout(timeoutMillis))
        .compose(request -> {
          sent[0] = request;
          return request.send();
        })
        .compose(response -> response.end().map(v -> response.statusCode()))
        .onComplete(ar -> {
          vertx.cancelTimer(timer);
          outcome.tryComplete(ar.succeeded() ? ProbeOutcome.ofStatus(ar.result())
              : ProbeOutcome.ofFailure(ar.cause(), timeoutMillis));
        });
    return outcome.future();
  }
}
