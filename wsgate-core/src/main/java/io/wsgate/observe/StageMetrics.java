package io.wsgate.observe;

/**
 * What API Gateway reports to CloudWatch for a WebSocket stage (dimensions {@code ApiId} and
 * {@code Stage}), as the gateway sees it happen. Implementations are thread-safe and never block;
 * each call is on the path of a connect or a message.
 */
public interface StageMetrics {
    /** Records nothing: a stage no registry watches. */
    StageMetrics NONE = new StageMetrics() {
        @Override
        public void connect() {}

        @Override
        public void message() {}

        @Override
        public void clientError() {}

        @Override
        public void integrationError() {}

        @Override
        public void executionError() {}

        @Override
        public void integrationLatency(long nanos) {}
    };

    /**
     * What a route with {@code detailedMetricsEnabled} reports to: these metrics and the route's
     * own (dimensions {@code ApiId}, {@code Stage}, {@code Route}), both. Without per-route meters,
     * these.
     */
    default StageMetrics route(String routeKey) {
        return this;
    }

    /** {@code ConnectCount}: a {@code $connect} sent to its route's integration. */
    void connect();

    /** {@code MessageCount}: a message from a client, or to one (a route's answer, an {@code @connections} post). */
    void message();

    /** {@code ClientError}: a 4XX the gateway answered before any integration was called. */
    void clientError();

    /** {@code IntegrationError}: the integration answered with a 4XX or 5XX status. */
    void integrationError();

    /** {@code ExecutionError}: the integration could not be called, failed, or timed out. */
    void executionError();

    /** {@code IntegrationLatency}: from the call to the integration to its answer. */
    void integrationLatency(long nanos);
}
