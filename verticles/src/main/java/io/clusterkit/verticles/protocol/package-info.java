/**
 * The protocol between the launcher and its worker processes: what each side may rely on of the
 * other, in one place. The launcher uses this package and never the worker's {@code impl}.
 *
 * <ul>
 *   <li>{@link io.clusterkit.verticles.protocol.WorkerMain}: the class the launcher starts as a
 *       worker JVM.</li>
 *   <li>{@link io.clusterkit.verticles.protocol.WorkerEnv}: every environment variable the
 *       launcher sets for a worker (the launcher writes it, the worker reads it), and the line a
 *       worker that cannot boot prints.</li>
 *   <li>{@link io.clusterkit.verticles.protocol.ReadyReport}: the worker reports READY with it,
 *       once; the launcher reads it and replies with its slot table.</li>
 *   <li>{@link io.clusterkit.verticles.protocol.ListenRequest}: a worker whose own server listens
 *       on a port asks the launcher to open it, then to route it to the worker's hand-off socket
 *       for it; the launcher answers, or fails naming the port.</li>
 *   <li>{@link io.clusterkit.verticles.protocol.Heartbeat}: the worker sends one every second;
 *       the launcher's health monitor reads it.</li>
 *   <li>{@link io.clusterkit.verticles.protocol.SlotTable}: the launcher builds and publishes it
 *       on every change; workers keep the newest.</li>
 *   <li>{@link io.clusterkit.verticles.protocol.Messenger}: messages to a slot's READY process,
 *       to every worker, or to the launcher, by the slot table's rule; the launcher has one
 *       (sender {@link io.clusterkit.verticles.Addresses#LAUNCHER}) and so does each worker.</li>
 *   <li>{@link io.clusterkit.verticles.protocol.VerticleCheck}: the launcher's command line
 *       checks the verticle class before starting anything, and the worker again before it
 *       joins.</li>
 * </ul>
 *
 * <p>The event-bus addresses these travel on are in {@link io.clusterkit.verticles.Addresses},
 * the exit codes in {@link io.clusterkit.verticles.ExitCodes}. What only the worker uses (its
 * boot, drain and heartbeat thread, the hand-off intake) stays in
 * {@code io.clusterkit.verticles.impl}.
 */
package io.clusterkit.verticles.protocol;
