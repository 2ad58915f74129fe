package io.wsgate.integration;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an in-process handler class that never blocks: no I/O that waits, no locks held for long,
 * no sleeping. wsgate then calls it on the connection's event loop, in the frame's own turn,
 * instead of starting a virtual thread for each event; the reply is written in that same turn.
 * That removes two thread hand-offs per message (about 2.5× the messages per second for an echo,
 * measured in wsgate-bench, S3).
 *
 * <p>The price is the one every event-loop server charges: while the handler runs, no other
 * connection on that loop is served, and {@code timeoutInMillis} cannot interrupt it. Vert.x logs
 * a warning with the stack when a loop is held for over two seconds. Leave the annotation off (the
 * default) for a handler that calls a database, a remote service or anything else that waits.
 *
 * <pre>{@code
 * @NonBlocking
 * public final class Echo implements WebSocketHandler { ... }
 * }</pre>
 *
 * For a handler written as a lambda, see {@link WebSocketHandler#nonBlocking}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface NonBlocking {}
