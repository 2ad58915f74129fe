package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.Gateway;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.RuntimeFunction;
import io.wsgate.testing.LogLines;
import io.wsgate.testing.TestClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local function's log as Lambda writes it, in wsgate's log: START, what the function printed,
 * END and REPORT for each invocation, each line prefixed with the function's name; Init Duration
 * on a process's first invocation only; a timeout's line and {@code Status: timeout}.
 */
class FunctionLogTest {
    /** Lambda's REPORT line, with the optional parts as groups. */
    static final Pattern REPORT = Pattern.compile("\\[(\\w+)#\\d+] REPORT RequestId: ([0-9a-f-]{36})"
            + "\tDuration: (\\d+\\.\\d{2}) ms\tBilled Duration: (\\d+) ms\tMemory Size: (\\d+) MB"
            + "\tMax Memory Used: (\\d+) MB(\tInit Duration: (\\d+\\.\\d{2}) ms)?(\tStatus: \\w+)?");

    @TempDir
    static Path dir;

    static LogLines log;
    static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("hello.py"), """
                def handler(event, context):
                    print("hello from python")
                    return {"statusCode": 200, "body": context.aws_request_id}
                """);
        Files.writeString(dir.resolve("slow.py"), """
                import time
                def handler(event, context):
                    print("about to sleep")
                    time.sleep(30)
                """);
        Files.writeString(dir.resolve("hello.js"), """
                exports.handler = async (event, context) => {
                  console.log('hello from node');
                  console.error('and from its stderr');
                  return { statusCode: 200, body: context.awsRequestId };
                };
                """);
        log = new LogLines();
        gateway = Gateway.builder()
                .function(new RuntimeFunction(
                        "Hello",
                        RuntimeFunction.Runtime.PYTHON312,
                        "hello.handler",
                        dir,
                        Map.of(),
                        Duration.ofSeconds(20),
                        256,
                        OptionalInt.of(1),
                        java.util.Optional.empty()))
                .function(RuntimeFunction.of("Slow", RuntimeFunction.Runtime.PYTHON312, "slow.handler", dir)
                        .withTimeout(Duration.ofSeconds(2)))
                .function(RuntimeFunction.of("NodeHello", RuntimeFunction.Runtime.NODEJS20, "hello.handler", dir)
                        .withTimeout(Duration.ofSeconds(20)))
                .api(Api.builder("logs")
                        .apiId("logs")
                        .integration(Integration.function("hello", "Hello"))
                        .integration(Integration.function("slow", "Slow"))
                        .integration(Integration.function("node", "NodeHello"))
                        .route(LocalFunctionFailuresTest.twoWay("hello", "hello"))
                        .route(LocalFunctionFailuresTest.twoWay("slow", "slow"))
                        .route(LocalFunctionFailuresTest.twoWay("node", "node"))
                        .stage("dev")
                        .build())
                .port(0)
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.stop().get(30, TimeUnit.SECONDS);
        }
        if (log != null) {
            log.close();
        }
    }

    static TestClient client() {
        return TestClient.connect(URI.create("ws://127.0.0.1:" + gateway.port() + "/logs/dev"));
    }

    @Test
    void eachInvocationIsFramedByStartEndAndReportAndOnlyTheFirstHasAnInitDuration() {
        String first;
        String second;
        try (var client = client()) {
            client.send("{\"action\":\"hello\"}");
            first = client.awaitMessage();
            client.send("{\"action\":\"hello\"}");
            second = client.awaitMessage();
        }
        String start = log.await(
                "START " + first, l -> l.matches("\\[Hello#\\d+] START RequestId: " + first + " Version: \\$LATEST"));
        String process = start.substring(0, start.indexOf(']') + 1);
        log.await("REPORT " + second, l -> l.startsWith(process + " REPORT RequestId: " + second));

        List<String> lines = log.all(l -> l.startsWith(process + " "));
        assertThat(lines)
                .as("the first invocation's lines, in order, before the second's")
                .containsSubsequence(
                        process + " START RequestId: " + first + " Version: $LATEST",
                        process + " hello from python",
                        process + " END RequestId: " + first,
                        process + " START RequestId: " + second + " Version: $LATEST",
                        process + " hello from python",
                        process + " END RequestId: " + second);

        Matcher cold = report(lines, first);
        assertThat(cold.group(8)).as("Init Duration on the first").isNotNull();
        double duration = Double.parseDouble(cold.group(3));
        double init = Double.parseDouble(cold.group(8));
        assertThat(Long.parseLong(cold.group(4)))
                .as("billed: duration and init, rounded up to the millisecond")
                .isBetween((long) Math.ceil(duration + init) - 1, (long) Math.ceil(duration + init) + 1);
        assertThat(cold.group(5)).isEqualTo("256");
        assertThat(Long.parseLong(cold.group(6))).as("Max Memory Used").isPositive();
        assertThat(cold.group(9)).as("no Status when the runtime answered").isNull();

        Matcher warm = report(lines, second);
        assertThat(warm.group(8)).as("no Init Duration on a warm process").isNull();
        assertThat(Long.parseLong(warm.group(4)))
                .isEqualTo(Math.max(1, (long) Math.ceil(Double.parseDouble(warm.group(3)))));
    }

    @Test
    void whatANodeFunctionPrintsOnStdoutAndStderrIsInItsInvocation() {
        String id;
        try (var client = client()) {
            client.send("{\"action\":\"node\"}");
            id = client.awaitMessage();
        }
        String report = log.await("REPORT " + id, l -> l.contains("REPORT RequestId: " + id));
        assertThat(report).startsWith("[NodeHello#");
        List<String> lines = log.all(l -> l.startsWith("[NodeHello#"));
        int start = lines.indexOf(lines.stream()
                .filter(l -> l.endsWith("START RequestId: " + id + " Version: $LATEST"))
                .findFirst()
                .orElseThrow());
        int end = lines.indexOf(lines.stream()
                .filter(l -> l.endsWith("END RequestId: " + id))
                .findFirst()
                .orElseThrow());
        assertThat(lines.subList(start, end))
                .anyMatch(l -> l.endsWith("] hello from node"))
                .anyMatch(l -> l.endsWith("] and from its stderr"));
    }

    @Test
    void aTimeoutIsLoggedAsLambdaLogsIt() {
        try (var client = client()) {
            client.send("{\"action\":\"slow\"}");
            assertThat(client.awaitMessage()).contains("Internal server error");
        }
        String timedOut = log.await(
                "the timeout",
                l -> l.matches(
                        "\\[Slow#\\d+] \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z [0-9a-f-]{36} Task timed out after 2\\.00 seconds"));
        String id = timedOut.split(" ")[2];
        log.await("END", l -> l.endsWith("] END RequestId: " + id));
        String report = log.await("REPORT", l -> l.contains("REPORT RequestId: " + id));
        Matcher matcher = REPORT.matcher(report);
        assertThat(matcher.matches()).as(report).isTrue();
        assertThat(matcher.group(9)).isEqualTo("\tStatus: timeout");
        assertThat(Double.parseDouble(matcher.group(3)))
                .as("the timeout runs from when the process took the invocation")
                .isGreaterThanOrEqualTo(2000);
        assertThat(log.all(l -> l.startsWith("[Slow#")))
                .contains(report.substring(0, report.indexOf(']') + 1) + " about to sleep");
    }

    private static Matcher report(List<String> lines, String requestId) {
        String line = lines.stream()
                .filter(l -> l.contains(" REPORT RequestId: " + requestId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no REPORT for " + requestId + " in " + lines));
        Matcher matcher = REPORT.matcher(line);
        assertThat(matcher.matches()).as(line).isTrue();
        return matcher;
    }
}
