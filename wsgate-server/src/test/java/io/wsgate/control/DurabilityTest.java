package io.wsgate.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.testing.ControlClients;
import io.wsgate.testing.GatewayProcess;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.Route;

/**
 * What the control plane acknowledged survives kill -9: a real {@code wsgate serve} process is
 * killed while two clients are writing, restarted on the same data directory, and every API and
 * route whose creation was answered is there. Three rounds, each on top of the last.
 */
class DurabilityTest {
    static final int ROUNDS = 3;

    /** A file API beside the control plane's, and a throttle loose enough that every call is answered. */
    static final String CONFIG = """
            gateway:
              control-rate: 100000
              control-burst: 100000
            apis:
              - name: from-the-file
                apiId: file
                routeSelectionExpression: $request.body.action
                integrations:
                  - integrationId: mock
                    integrationType: MOCK
                routes:
                  - routeKey: $default
                    target: integrations/mock
                stages:
                  - stageName: dev
            """;

    @Test
    void everyAcknowledgedChangeSurvivesKill9(@TempDir Path data) throws Exception {
        Path config = data.resolveSibling(data.getFileName() + ".yaml");
        Files.writeString(config, CONFIG);
        Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>(); // apiId → route keys
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            try (var process = serve(data, "--config", config.toString())) {
                URI control = process.awaitControl();
                assertEverythingIsThere(control, acknowledged);
                int before = count(acknowledged);
                int killAfter = before + 20 + round * 5;
                var stop = new AtomicBoolean();
                var enough = new CountDownLatch(1);
                List<Thread> writers = new ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    String prefix = "r" + round + "w" + w;
                    writers.add(Thread.ofPlatform().start(() -> {
                        try (var v2 = ControlClients.v2WithoutRetries(control)) {
                            write(v2, prefix, acknowledged, stop, () -> {
                                if (count(acknowledged) >= killAfter) {
                                    enough.countDown();
                                }
                            });
                        } catch (RuntimeException | AssertionError e) {
                            failures.add(e);
                            enough.countDown();
                        }
                    }));
                }
                assertThat(enough.await(60, TimeUnit.SECONDS))
                        .as("%d changes acknowledged", killAfter)
                        .isTrue();
                process.kill(); // while both writers are sending
                stop.set(true);
                for (Thread writer : writers) {
                    writer.join(TimeUnit.SECONDS.toMillis(60));
                    assertThat(writer.isAlive()).isFalse();
                }
                assertThat(failures).isEmpty();
                assertThat(count(acknowledged)).isGreaterThanOrEqualTo(killAfter);
            }
        }
        try (var process = serve(data, "--config", config.toString())) {
            assertEverythingIsThere(process.awaitControl(), acknowledged);
        }
    }

    @Test
    void aCorruptStateFileStopsTheStartAndIsKept(@TempDir Path data) throws Exception {
        try (var process = serve(data)) {
            try (var v2 = ControlClients.v2(process.awaitControl())) {
                ControlClients.webSocketApi(v2, "kept");
            }
        }
        Path state = data.resolve("state.json");
        byte[] good = Files.readAllBytes(state);
        byte[] bad = good.clone();
        int at = new String(good, StandardCharsets.UTF_8).indexOf("kept");
        bad[at] = 'K'; // one changed byte: the checksum no longer matches
        Files.write(state, bad);

        try (var process = serve(data)) {
            assertThat(process.awaitExit()).isEqualTo(1);
            assertThat(process.output()).contains(state.toString()).containsIgnoringCase("checksum");
        }
        assertThat(Files.readAllBytes(state))
                .as("the file is left as it was found")
                .isEqualTo(bad);

        Files.write(state, java.util.Arrays.copyOf(good, good.length / 2)); // a torn write
        try (var process = serve(data)) {
            assertThat(process.awaitExit()).isEqualTo(1);
            assertThat(process.output()).contains(state.toString());
        }

        Files.write(state, good);
        try (var process = serve(data);
                var v2 = ControlClients.v2(process.awaitControl())) {
            assertThat(v2.getApis(r -> {}).items()).extracting(a -> a.name()).containsExactly("kept");
        }
    }

    private static GatewayProcess serve(Path data, String... more) {
        var args = new ArrayList<>(List.of("--port", "0", "--control-port", "0", "--data-dir", data.toString()));
        args.addAll(List.of(more));
        return GatewayProcess.serve(args.toArray(String[]::new));
    }

    /**
     * Creates APIs, and a route on each, until {@code stop}; records each one once answered. A call
     * the process did not answer is not acknowledged, and ends the loop: the process is gone.
     */
    private static void write(
            ApiGatewayV2Client v2,
            String prefix,
            Map<String, Set<String>> acknowledged,
            AtomicBoolean stop,
            Runnable progress) {
        for (int i = 0; !stop.get(); i++) {
            try {
                String apiId = ControlClients.webSocketApi(v2, prefix);
                acknowledged.put(apiId, ConcurrentHashMap.newKeySet());
                progress.run();
                String key = "route" + i;
                v2.createRoute(r -> r.apiId(apiId).routeKey(key));
                acknowledged.get(apiId).add(key);
                progress.run();
            } catch (SdkClientException gone) {
                return;
            }
        }
    }

    private static int count(Map<String, Set<String>> acknowledged) {
        return acknowledged.values().stream()
                .mapToInt(routes -> 1 + routes.size())
                .sum();
    }

    private static void assertEverythingIsThere(URI control, Map<String, Set<String>> acknowledged) {
        try (var v2 = ControlClients.v2(control)) {
            Set<String> apis = new HashSet<>();
            String token = null;
            do {
                String page = token;
                var answer = v2.getApis(r -> r.nextToken(page));
                answer.items().forEach(a -> apis.add(a.apiId()));
                token = answer.nextToken();
            } while (token != null);
            assertThat(apis).containsAll(acknowledged.keySet()).doesNotContain("file");
            acknowledged.forEach((apiId, keys) -> assertThat(
                            v2.getRoutes(r -> r.apiId(apiId)).items())
                    .extracting(Route::routeKey)
                    .as("routes of %s", apiId)
                    .containsAll(keys));
        }
    }
}
