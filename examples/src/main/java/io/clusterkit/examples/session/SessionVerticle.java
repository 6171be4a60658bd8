package io.clusterkit.examples.session;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.ClusteredSessionStore;

/**
 * Sessions that every worker shares: Vert.x Web's {@link ClusteredSessionStore} keeps them in
 * the cluster's Hazelcast maps, so a session created on one worker is found on any other, and
 * survives the worker that created it. No sticky routing needed.
 *
 * <p>{@code GET /visit} counts the visits of this browser's session and says which worker
 * served it.
 *
 * <pre>
 * java -jar launcher.jar -workers 2 -cp examples.jar io.clusterkit.examples.session.SessionVerticle
 * curl -c jar -b jar localhost:8080/visit   # {"worker":0,"visits":1}
 * curl -c jar -b jar localhost:8080/visit   # {"worker":1,"visits":2}
 * </pre>
 */
public class SessionVerticle extends ClusterVerticle {

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    SessionHandler sessions = SessionHandler.create(ClusteredSessionStore.create(vertx));
    router.route().handler(sessions);
    router.get("/visit").handler(ctx -> {
      Session session = ctx.session();
      Integer before = session.get("visits");
      int visits = before == null ? 1 : before + 1;
      session.put("visits", visits);
      // store the session before answering: the browser's next request may reach another
      // worker at once, and must find this visit there
      sessions.flush(ctx).onComplete(stored -> ctx.json(new JsonObject()
          .put("worker", workerId()).put("pid", pid()).put("visits", visits)));
    });
    return serve(router);
  }
}
