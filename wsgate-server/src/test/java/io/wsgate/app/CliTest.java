package io.wsgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wsgate validate}, {@code serve} refusing a bad file, and {@code version}. */
class CliTest {
    record Result(int exit, String out, String err) {}

    static Result run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    static final String BROKEN = """
            functions:
              Missing: com.example.DoesNotExist
            apis:
              - name: chat
                routeSelectionExpression: $request.body.action
                integrations:
                  - integrationId: send
                    integrationType: AWS_PROXY
                    integrationUri: Missing
                    timeoutInMillis: 40000
                  - integrationId: web
                    integrationType: HTTP_PROXY
                    integrationUri: ftp://example.com
                routes:
                  - routeKey: sendmessage
                    target: integrations/sned
                  - routeKey: $conect
                    target: integrations/send
                stages:
                  - stageName: dev
                    stageVarables: {a: b}
            """;

    @Test
    void validateListsEveryProblemWithItsLineAndExitsOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, BROKEN);
        Result result = run("validate", file.toString());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err())
                .contains(file + ": 6 problems")
                .contains(file + ":2: functions.Missing: class 'com.example.DoesNotExist' not found on the class path")
                .contains(
                        file
                                + ":16: apis[chat].routes[sendmessage].target: unknown integration 'sned' (expected one of: send, web)")
                .contains(file
                        + ":10: apis[chat].integrations[send].timeoutInMillis: must be between 50 and 29000, not 40000")
                .contains(
                        file
                                + ":13: apis[chat].integrations[web].integrationUri: 'ftp://example.com' (expected: an http:// or https:// URL with a host)")
                .contains(file + ":17: apis[chat].routes[$conect].routeKey: '$conect' (expected: $connect, $disconnect,"
                        + " $default, or a custom key not starting with $)")
                .contains(file + ":21: apis[chat].stages[dev].stageVarables: unknown member (expected one of:"
                        + " stageName, deploymentId, autoDeploy, stageVariables, defaultRouteSettings, routeSettings,"
                        + " accessLogSettings, clientCertificateId, description, tags)");
        assertThat(result.err().lines().count()).isLessThan(25);
    }

    @Test
    void problemsFoundWhenBindingAreReportedWithLinesToo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("unbound.yaml");
        Files.writeString(file, """
                apis:
                  - name: chat
                    routeSelectionExpression: $request.header.x
                    integrations:
                      - integrationId: send
                        integrationType: HTTP_PROXY
                        integrationUri: http://${stageVariables.backend}/events
                    routes:
                      - routeKey: sendmessage
                        target: integrations/send
                    stages:
                      - stageName: dev
                """);
        Result result = run("validate", file.toString());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err())
                .contains(file + ":3: apis[chat].routeSelectionExpression: '$request.header.x' cannot select routes")
                .contains(file + ":7: apis[chat].integrations[send].integrationUri: uses ${stageVariables.backend},"
                        + " which stage 'dev' does not define");
    }

    @Test
    void aJwtRouteWithoutItsAuthorizerIsRefusedAndAwsIamAndApiKeysAreServed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("auth.yaml");
        Files.writeString(file, """
                apis:
                  - name: chat
                    routeSelectionExpression: $request.body.action
                    routes:
                      - routeKey: $connect
                        authorizationType: AWS_IAM
                        apiKeyRequired: true
                    stages:
                      - stageName: dev
                  - name: tokens
                    routeSelectionExpression: $request.body.action
                    routes:
                      - {routeKey: $connect, authorizationType: JWT}
                    stages:
                      - stageName: dev
                """);
        Result result = run("validate", file.toString());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err())
                .doesNotContain("apis[chat].routes[$connect].authorizationType")
                .doesNotContain("apis[chat].routes[$connect].apiKeyRequired")
                .contains(file + ":13: apis[tokens].routes[$connect].authorizerId: missing (expected: an authorizer id"
                        + " when authorizationType is JWT)");
    }

    @Test
    void aMissingClassIsNamedWithItsFunction(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("missing.yaml");
        Files.writeString(file, """
                functions:
                  Missing: com.example.DoesNotExist
                apis:
                  - name: chat
                    routeSelectionExpression: $request.body.action
                    stages:
                      - stageName: dev
                """);
        Result result = run("validate", file.toString());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err())
                .contains(file + ":2: functions.Missing: class 'com.example.DoesNotExist' not found on the class path");
    }

    @Test
    void aGoodFileValidates(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("good.json");
        Files.writeString(file, """
                {"apis": [{"name": "echo", "routeSelectionExpression": "$request.body.action",
                  "integrations": [{"integrationId": "mock", "integrationType": "MOCK",
                    "requestTemplates": {"$default": "{\\"statusCode\\": 200}"}}],
                  "routes": [{"routeKey": "$default", "target": "integrations/mock"}],
                  "stages": [{"stageName": "dev"}, {"stageName": "prod"}]}]}
                """);
        Result result = run("validate", file.toString());
        assertThat(result.err()).isEmpty();
        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains(file + ": OK (1 APIs, 2 stages)");
    }

    @Test
    void serveRefusesABadFileAndSaysWhy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, BROKEN);
        Result result = run("serve", "--config", file.toString(), "--port", "0");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("6 problems").contains("unknown integration 'sned'", "timeoutInMillis");
    }

    @Test
    void aFileThatIsNotYamlIsReportedAtItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "apis:\n  - name: [unclosed\n");
        Result result = run("validate", file.toString());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains(file + ":2: not valid:");
    }

    @Test
    void aMissingFileIsReported() {
        Result result = run("validate", "/nonexistent/wsgate.yaml");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("/nonexistent/wsgate.yaml: cannot read the file");
    }

    @Test
    void versionPrintsTheVersion() {
        Result result = run("version");
        assertThat(result.exit()).isZero();
        assertThat(result.out()).matches("wsgate \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\s*");
    }
}
