package io.wsgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.Gateway;
import io.wsgate.integration.HandlerContext;
import io.wsgate.integration.NonBlocking;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.integration.WebSocketHandler;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.testing.GatewayExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where in-process handlers run: a handler marked {@link NonBlocking} (by annotation, or wrapped
 * with {@link WebSocketHandler#nonBlocking}) on the connection's event loop, any other on a virtual
 * thread; a non-blocking handler that throws gives the error frame like any other.
 */
class NonBlockingHandlerTest {
    /** Answers with the thread it runs on. */
    @NonBlocking
    public static final class WhereAmI implements WebSocketHandler {
        @Override
        public Reply handle(WebSocketEvent event, HandlerContext context) {
            return Reply.body(describe(Thread.currentThread()));
        }
    }

    static String describe(Thread thread) {
        return (thread.isVirtual() ? "virtual " : "platform ") + thread.getName();
    }

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .function("Annotated", new WhereAmI())
            .function("Wrapped", WebSocketHandler.nonBlocking((e, c) -> Reply.body(describe(Thread.currentThread()))))
            .function("Default", (WebSocketHandler) (e, c) -> Reply.body(describe(Thread.currentThread())))
            .function("Throws", WebSocketHandler.nonBlocking((e, c) -> {
                throw new IllegalStateException("boom");
            }))
            .api(Api.builder("threads")
                    .apiId("threads")
                    .integration(Integration.function("annotated", "Annotated"))
                    .integration(Integration.function("wrapped", "Wrapped"))
                    .integration(Integration.function("default", "Default"))
                    .integration(Integration.function("throws", "Throws"))
                    .route(Route.of("annotated", "annotated").withRouteResponse())
                    .route(Route.of("wrapped", "wrapped").withRouteResponse())
                    .route(Route.of("default", "default").withRouteResponse())
                    .route(Route.of("throws", "throws").withRouteResponse())
                    .stage("dev")
                    .build()));

    @Test
    void nonBlockingHandlersRunOnTheEventLoopOthersOnVirtualThreads() {
        try (var client = gateway.connect("threads", "dev")) {
            client.send("{\"action\":\"annotated\"}");
            assertThat(client.awaitMessage()).startsWith("platform vert.x-eventloop-thread-");
            client.send("{\"action\":\"wrapped\"}");
            assertThat(client.awaitMessage()).startsWith("platform vert.x-eventloop-thread-");
            client.send("{\"action\":\"default\"}");
            assertThat(client.awaitMessage()).isEqualTo("virtual wsgate-fn-Default");
        }
    }

    @Test
    void aNonBlockingHandlerThatThrowsGivesTheErrorFrameAndTheConnectionStays() {
        try (var client = gateway.connect("threads", "dev")) {
            client.send("{\"action\":\"throws\"}");
            assertThat(client.awaitMessage()).matches(IntegrationFailureTest.ERROR_FRAME);
            client.send("{\"action\":\"annotated\"}");
            assertThat(client.awaitMessage()).startsWith("platform vert.x-eventloop-thread-");
        }
    }
}
