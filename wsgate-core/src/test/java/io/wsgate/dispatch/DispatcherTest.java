package io.wsgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.connection.CloseCode;
import io.wsgate.connection.CloseReason;
import io.wsgate.connection.Connection;
import io.wsgate.connection.ConnectionIds;
import io.wsgate.connection.ConnectionRegistry;
import io.wsgate.connection.LocalConnections;
import io.wsgate.connection.RecordingPeer;
import io.wsgate.integration.FunctionInvoker;
import io.wsgate.integration.Functions;
import io.wsgate.integration.InvokerFactory;
import io.wsgate.integration.MockInvoker;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.IntegrationType;
import io.wsgate.model.Route;
import io.wsgate.observe.Counter;
import io.wsgate.observe.CounterSet;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The engine in memory, with a recording peer instead of a socket. */
class DispatcherTest {
    private final BlockingQueue<WebSocketEvent> events = new LinkedBlockingQueue<>();
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final CounterSet counters = new CounterSet();
    private final Dispatcher dispatcher = new Dispatcher(registry, counters, Clock.systemUTC());
    private final StageRuntime stage;
    private InvokerFactory invokers;

    DispatcherTest() {
        stage = stageWith(Functions.builder()
                .handler("Record", (event, context) -> {
                    events.add(event);
                    return event.body() != null && event.body().contains("deny") ? Reply.status(403) : Reply.body("ok");
                })
                .build());
    }

    private StageRuntime stageWith(Functions functions) {
        var connections = new LocalConnections(registry, Clock.systemUTC(), counters);
        invokers = InvokerFactory.byType(Map.of(
                IntegrationType.AWS_PROXY, FunctionInvoker.factory(functions, connections),
                IntegrationType.MOCK, MockInvoker.factory()));
        Api api = Api.builder("engine")
                .integration(Integration.function("record", "Record"))
                .route("$connect", "record")
                .route("$disconnect", "record")
                .route(Route.of("echo", "record").withRouteResponse())
                .route(new Route(
                        "none",
                        "none",
                        Optional.empty(),
                        io.wsgate.model.AuthorizationType.NONE,
                        Optional.empty(),
                        false,
                        Optional.empty(),
                        List.of()))
                .stage("dev")
                .build();
        return new Deployer(invokers).deploy(List.of(api)).get(0);
    }

    private ConnectRequest request() {
        return new ConnectRequest(
                ConnectionIds.connectionId(),
                System.currentTimeMillis(),
                "localhost:1",
                "127.0.0.1",
                List.of(Map.entry("Host", "localhost:1")),
                "/dev",
                null,
                1,
                false);
    }

    private Connection open(RecordingPeer peer) throws Exception {
        ConnectRequest request = request();
        assertThat(dispatcher.connect(stage, request).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ConnectOutcome.Accept.class);
        events.poll(10, TimeUnit.SECONDS);
        return dispatcher.open(stage, request, peer);
    }

    @Test
    void closedRunsDisconnectOnceHoweverManyTimesAndThreadsReportTheEnd() throws Exception {
        var peer = new RecordingPeer();
        Connection connection = open(peer);
        var start = new CountDownLatch(1);
        var calls = new java.util.ArrayList<CompletableFuture<Void>>();
        for (int i = 0; i < 8; i++) {
            calls.add(CompletableFuture.runAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                dispatcher.closed(stage, connection, CloseCode.ABNORMAL.asReason());
            }));
        }
        start.countDown();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        WebSocketEvent disconnect = events.poll(10, TimeUnit.SECONDS);
        assertThat(disconnect.routeKey()).isEqualTo("$disconnect");
        // Every call has returned; a second winner would have been counted before it returned.
        assertThat(counters.count(Counter.DISCONNECT)).isEqualTo(1);
        assertThat(events).isEmpty();
        assertThat(registry.size()).isZero();
    }

    @Test
    void theGatewaysOwnReasonWinsOverWhatTheSocketSaw() throws Exception {
        var peer = new RecordingPeer();
        Connection connection = open(peer);
        connection.close(CloseCode.MESSAGE_TOO_BIG.asReason());
        dispatcher.closed(stage, connection, new CloseReason(1000, "client said bye"));
        WebSocketEvent disconnect = events.poll(10, TimeUnit.SECONDS);
        assertThat(disconnect.requestContext().disconnectStatusCode()).isEqualTo(1009);
        assertThat(peer.closes).containsExactly(1009);
    }

    @Test
    void connectAloneRegistersNothing() throws Exception {
        assertThat(dispatcher.connect(stage, request()).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ConnectOutcome.Accept.class);
        assertThat(registry.size()).isZero(); // only open() registers, once the transport upgrades
    }

    @Test
    void aRouteWithoutIntegrationGetsTheErrorFrame() throws Exception {
        var peer = new RecordingPeer();
        Connection connection = open(peer);
        dispatcher.message(stage, connection, "{\"action\":\"none\"}");
        assertThat(peer.nextText())
                .startsWith("{\"message\": \"Internal server error\", \"connectionId\":\"" + connection.connectionId());
        assertThat(counters.count(Counter.MESSAGE_NO_INTEGRATION)).isEqualTo(1);
    }

    @Test
    void drainingClosesEveryConnectionAndCompletesWhenTheirDisconnectsAreDone() throws Exception {
        var peers = List.of(new RecordingPeer(), new RecordingPeer());
        var connections = new java.util.ArrayList<Connection>();
        for (RecordingPeer peer : peers) {
            connections.add(open(peer));
        }
        CompletableFuture<Void> drained = dispatcher.drain();
        assertThat(drained).isNotDone();
        for (int i = 0; i < peers.size(); i++) {
            assertThat(peers.get(i).closes).containsExactly(1001);
            dispatcher.closed(stage, connections.get(i), new CloseReason(1001, "Going away"));
        }
        drained.get(10, TimeUnit.SECONDS);
        var late = new RecordingPeer();
        dispatcher.open(stage, request(), late);
        assertThat(late.closes).containsExactly(1001);
    }

    @Test
    void aDrainWaitsForAConnectStillRunningAndClosesItOnceOpen() throws Exception {
        var release = new CountDownLatch(1);
        var slowStage = stageWith(Functions.builder()
                .handler("Record", (event, context) -> {
                    if (event.routeKey().equals("$connect")) {
                        release.await(); // the $connect integration is still working
                    }
                    events.add(event);
                    return Reply.ok();
                })
                .build());
        ConnectRequest request = request();
        CompletableFuture<ConnectOutcome> connecting = dispatcher.connect(slowStage, request);
        CompletableFuture<Void> drained = dispatcher.drain();
        assertThat(drained).as("a drain waits for the running $connect").isNotDone();
        release.countDown();
        assertThat(connecting.get(10, TimeUnit.SECONDS)).isInstanceOf(ConnectOutcome.Accept.class);
        var peer = new RecordingPeer();
        Connection connection = dispatcher.open(slowStage, request, peer);
        assertThat(peer.closes).containsExactly(1001);
        assertThat(drained).isNotDone();
        dispatcher.closed(slowStage, connection, new CloseReason(1001, "Going away"));
        drained.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRedeployReachesOpenConnectionsWithoutDroppingThem() throws Exception {
        var peer = new RecordingPeer();
        Connection connection = open(peer);
        dispatcher.message(stage, connection, "{\"action\":\"echo\"}");
        assertThat(peer.nextText()).isEqualTo("ok");
        Api next = Api.builder("engine")
                .integration(io.wsgate.model.Integration.builder("mock", IntegrationType.MOCK)
                        .requestTemplate("$default", "{\"statusCode\": 200}")
                        .integrationResponse(io.wsgate.model.IntegrationResponse.of("$default", "v2"))
                        .build())
                .route(Route.of("echo", "mock").withRouteResponse())
                .stage("dev")
                .build();
        stage.swap(new Deployer(invokers).table(next, next.stage("dev").orElseThrow()));
        dispatcher.message(stage, connection, "{\"action\":\"echo\"}");
        assertThat(peer.nextText()).isEqualTo("v2");
        assertThat(peer.closes).isEmpty();
        assertThat(registry.size()).isEqualTo(1);
    }
}
