package io.wsgate.observe;

/**
 * Where the gateway's spans go: one per connect, message, disconnect and push. {@link #OFF} (the
 * default) makes none, and callers ask {@link #on()} before they make anything for a span, so a
 * gateway without tracing pays one field read per event.
 */
public interface Tracing {
    /** No spans. */
    Tracing OFF = new Tracing() {
        @Override
        public boolean on() {
            return false;
        }

        @Override
        public TraceSpan start(String name, boolean server, TraceContext parent) {
            throw new IllegalStateException("tracing is off");
        }
    };

    boolean on();

    /**
     * Starts a span now.
     *
     * @param server whether it serves a request from outside (a connect, a push) rather than an
     *     event of a connection already open
     * @param parent the span it continues, from the caller's headers; null to start a new trace
     */
    TraceSpan start(String name, boolean server, TraceContext parent);

    /** A span that was started: what is learned of its event, then its end. */
    interface TraceSpan {
        /** Its place in the trace, to pass on to what it calls. */
        TraceContext context();

        TraceSpan attribute(String key, String value);

        TraceSpan attribute(String key, long value);

        /** Ends it; {@code error} null for success, else what went wrong. */
        void end(String error);
    }
}
