package io.wsgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.CliTest.Result;
import io.wsgate.testing.GatewayProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate} reads and checks, nothing more: every problem in one run, the same ones {@code
 * serve} refuses the file with, and no data directory, lock or listener, so that it runs beside a
 * gateway serving the same file.
 */
class ValidateTest {
    /** Problems of the file itself next to problems only serving finds, in one API. */
    static final String MIXED = """
            apis:
              - name: chat
                routeSelectionExpression: $request.body.action
                integrations:
                  - {integrationId: slow, integrationType: MOCK, timeoutInMillis: 10}
                  - {integrationId: soap, integrationType: AWS, integrationUri: Backend}
                  - integrationId: web
                    integrationType: HTTP_PROXY
                    integrationUri: http://${stageVariables.host}/events
                    timeoutInMillis: 30000
                routes:
                  - {routeKey: $connect, target: integrations/slow, authorizationType: CUSTOM, authorizerId: a1}
                  - {routeKey: send, target: integrations/soap, apiKeyRequired: true}
                stages:
                  - stageName: dev
            """;

    static final List<String> MIXED_PROBLEMS = List.of(
            ":5: apis[chat].integrations[slow].timeoutInMillis: must be between 50 and 29000, not 10",
            ":6: apis[chat].integrations[soap].integrationType: AWS is not supported",
            ":10: apis[chat].integrations[web].timeoutInMillis: must be between 50 and 29000, not 30000",
            ":9: apis[chat].integrations[web].integrationUri: uses ${stageVariables.host}, which stage 'dev' does"
                    + " not define",
            ":12: apis[chat].routes[$connect].authorizerId: unknown authorizer 'a1' (the API has no authorizers)");

    @Test
    void everyProblemIsReportedInOneRunEvenWhenTheFileHasProblemsOfItsOwn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mixed.yaml");
        Files.writeString(file, MIXED);
        Result result = CliTest.run("validate", file.toString());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains(file + ": 5 problems");
        MIXED_PROBLEMS.forEach(p -> assertThat(result.err()).contains(file + p));
    }

    @Test
    void serveRefusesTheFileWithTheSameProblems(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mixed.yaml");
        Files.writeString(file, MIXED);
        Result validate = CliTest.run("validate", file.toString());
        Result serve = CliTest.run("serve", "--config", file.toString(), "--port", "0", "--no-control");
        assertThat(serve.exit()).isEqualTo(1);
        assertThat(serve.err()).isEqualTo(validate.err());
    }

    @Test
    void anHttpBackendWhoseStageLeavesItNoHostIsFoundByValidate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nohost.yaml");
        Files.writeString(file, """
                apis:
                  - name: chat
                    routeSelectionExpression: $request.body.action
                    integrations:
                      - {integrationId: web, integrationType: HTTP_PROXY, integrationUri: 'http://${stageVariables.host}/events'}
                    routes:
                      - {routeKey: $default, target: integrations/web}
                    stages:
                      - {stageName: dev, stageVariables: {host: ':'}}
                """);
        Result result = CliTest.run("validate", file.toString());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err())
                .contains("apis[chat].integrations[web].integrationUri: 'http://:/events' is not a usable URL");
    }

    @Test
    void validatingMakesNoDataDirectory(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, withControlPlane());
        Result result = CliTest.run("validate", file.toString());
        assertThat(result.err()).isEmpty();
        assertThat(result.exit()).isZero();
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void validateRunsWhileServeServesTheSameFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, withControlPlane());
        try (var serve = GatewayProcess.serve("--config", file.toString(), "--port", "0")) {
            serve.awaitControl(); // it holds the data directory's lock from here on
            Result result = CliTest.run("validate", file.toString());
            assertThat(result.err()).isEmpty();
            assertThat(result.exit()).isZero();
            assertThat(result.out()).contains(file + ": OK (1 APIs, 1 stages)");
        }
    }

    @Test
    void tlsFilesThatCannotBeReadAreReportedBeforeAnythingListens(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tls.yaml");
        Files.writeString(
                file,
                "gateway:\n  tls-port: 0\n  tls-certificate: gone.crt\n  tls-key: gone.key\n"
                        + withControlPlane().substring(withControlPlane().indexOf("apis:")));
        Result result = CliTest.run("validate", file.toString());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err())
                .contains(file + ":3: gateway.tls-certificate: cannot read " + dir.resolve("gone.crt"))
                .contains(file + ":4: gateway.tls-key: cannot read " + dir.resolve("gone.key"));
    }

    private static String withControlPlane() {
        return """
                gateway:
                  control-port: 0
                  data-dir: state
                apis:
                  - name: echo
                    routeSelectionExpression: $request.body.action
                    integrations:
                      - {integrationId: mock, integrationType: MOCK, requestTemplates: {$default: '{"statusCode": 200}'}}
                    routes:
                      - {routeKey: $default, target: integrations/mock}
                    stages:
                      - stageName: dev
                """;
    }
}
