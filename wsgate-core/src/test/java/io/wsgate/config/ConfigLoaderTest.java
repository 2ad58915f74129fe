package io.wsgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsgate.model.Api;
import io.wsgate.model.IntegrationType;
import io.wsgate.model.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the declarative file: what it means, and every problem with its line. */
class ConfigLoaderTest {
    static List<String> located(ConfigFile file) {
        return file.report(file.problems()).problems().stream()
                .map(LocatedProblem::toString)
                .toList();
    }

    @Test
    void aFullFileReadsIntoTheModel() {
        ConfigFile file = ConfigLoader.parse("full.yaml", """
                gateway:
                  host: 0.0.0.0
                  port: 9000
                  drain-timeout: 30s
                  management-allow: [10.0.0.0/8]
                functions:
                  Send: io.wsgate.config.ConfigLoaderTest
                apis:
                  - name: Chat App
                    routeSelectionExpression: $request.body.action
                    description: chat
                    limits: {maxFrameBytes: 64KB, maxMessageBytes: 1MB, idleTimeout: 30m, maxConnectionDuration: 0s}
                    integrations:
                      - integrationId: send
                        integrationType: AWS_PROXY
                        integrationUri: Send
                        timeoutInMillis: 5000
                      - integrationId: mock
                        integrationType: MOCK
                        requestTemplates: {$default: '{"statusCode": 200}'}
                        integrationResponses:
                          - integrationResponseKey: /2\\d\\d/
                            responseTemplates: {$default: ok}
                    routes:
                      - routeKey: sendmessage
                        target: integrations/send
                        routeResponseSelectionExpression: $default
                      - routeKey: $default
                        target: integrations/mock
                    stages:
                      - stageName: dev
                        stageVariables: {backend: "example.com:8080"}
                """);
        assertThat(file.problems()).isEmpty();
        assertThat(file.settings().host()).isEqualTo("0.0.0.0");
        assertThat(file.settings().port()).isEqualTo(9000);
        assertThat(file.settings().drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(file.settings().managementAllow())
                .extracting(Object::toString)
                .containsExactly("10.0.0.0/8");
        assertThat(file.functions()).containsEntry("Send", "io.wsgate.config.ConfigLoaderTest");
        Api api = file.apis().get(0);
        assertThat(api.apiId()).isEqualTo("chat-app");
        assertThat(api.limits().maxFrameBytes()).isEqualTo(64 * 1024);
        assertThat(api.limits().maxMessageBytes()).isEqualTo(1024 * 1024);
        assertThat(api.limits().idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(api.limits().maxConnectionDuration()).isZero();
        assertThat(api.integrations().get(0).timeoutInMillis()).isEqualTo(5000);
        assertThat(api.integrations().get(1).integrationType()).isEqualTo(IntegrationType.MOCK);
        assertThat(api.routes())
                .filteredOn(r -> r.routeKey().equals("sendmessage"))
                .singleElement()
                .satisfies(r -> assertThat(r.twoWay())
                        .as("a route response selection expression alone makes it two-way")
                        .isTrue());
        assertThat(api.routes())
                .filteredOn(r -> r.routeKey().equals(Route.DEFAULT))
                .singleElement()
                .satisfies(r -> assertThat(r.twoWay()).isFalse());
        assertThat(api.stages().get(0).deploymentId()).contains(Api.INITIAL_DEPLOYMENT);
        assertThat(api.stages().get(0).stageVariables()).containsEntry("backend", "example.com:8080");
        assertThat(api.deployment(Api.INITIAL_DEPLOYMENT))
                .get()
                .extracting(d -> d.routes().size())
                .isEqualTo(2);
    }

    @Test
    void managementCallersAreLoopbackUnlessSignedOrSet() throws Exception {
        var defaults = GatewaySettings.DEFAULT;
        java.net.InetAddress lan = java.net.InetAddress.getByName("192.0.2.7");
        java.net.InetAddress loopback = java.net.InetAddress.getByName("127.0.0.1");
        assertThat(defaults.managementCallers(false)).anyMatch(r -> r.contains(loopback));
        assertThat(defaults.managementCallers(false)).noneMatch(r -> r.contains(lan));
        assertThat(defaults.managementCallers(true)).anyMatch(r -> r.contains(lan));
        java.net.InetAddress v6 = java.net.InetAddress.getByName("2001:db8::1");
        assertThat(defaults.managementCallers(true)).anyMatch(r -> r.contains(v6));
        var set = defaults.withManagementAllow(List.of(AddressRange.parse("10.0.0.0/8")));
        assertThat(set.managementCallers(true)).noneMatch(r -> r.contains(lan));
    }

    @Test
    void everyProblemIsReportedWithItsLine() {
        ConfigFile file = ConfigLoader.parse("bad.yaml", """
                gateway:
                  port: 70000
                  drain-timout: 5s
                apis:
                  - name: a
                    routeSelectionExpression: $request.body.action
                    limits: {idleTimeout: soon, maxFrameBytes: 10}
                    integrations:
                      - integrationId: x
                        integrationType: LAMBDA
                      - integrationId: y
                        integrationType: HTTP_PROXY
                        integrationUri: http://example.com
                        timeoutInMillis: ten
                    routes:
                      - routeKey: go
                        target: integration/x
                      - target: integrations/y
                    stages:
                      - stageName: dev prod
                        stageVariables: {ok: fine, "bad-name": x, v: "a b"}
                  - routeSelectionExpression: 42
                """);
        assertThat(located(file))
                .containsExactly(
                        "bad.yaml:2: gateway.port: 70000 (expected: 0..65535)",
                        "bad.yaml:3: gateway.drain-timout: unknown member (expected one of: host, port, drain-timeout,"
                                + " management-allow, tls-port, tls-certificate, tls-key, tls-certificates, control-host,"
                                + " control-port, data-dir, control-rate, control-burst, region, account-id, lambda-endpoint,"
                                + " lambda-region, header-timeout, keep-alive-timeout, max-connections, max-in-flight,"
                                + " hot-reload, dev-tls, runtimes, access-logs, tracing, classpath)",
                        "bad.yaml:7: apis[a].limits.idleTimeout: 'soon' (expected: a duration such as 500ms, 30s, 10m, 2h or PT10M)",
                        "bad.yaml:7: apis[a].limits.maxFrameBytes: 10 (expected: 125..16777216)",
                        "bad.yaml:10: apis[a].integrations[x].integrationType: must be one of AWS, AWS_PROXY, HTTP, HTTP_PROXY, MOCK, not 'LAMBDA'",
                        "bad.yaml:14: apis[a].integrations[y].timeoutInMillis: must be an integer",
                        "bad.yaml:17: apis[a].routes[go].target: 'integration/x' (expected: integrations/{integrationId})",
                        "bad.yaml:18: apis[a].routes[1].routeKey: missing (expected: $connect, $disconnect, $default or a custom key)",
                        "bad.yaml:20: apis[a].stages[dev prod].stageName: 'dev prod' (expected: 1 to 128 letters, digits, '-' or '_')",
                        "bad.yaml:21: apis[a].stages[dev prod].stageVariables.bad-name: bad name (expected: 1 to 64 letters, digits or '_')",
                        "bad.yaml:21: apis[a].stages[dev prod].stageVariables.v: 'a b' (expected: up to 2048 of A-Z a-z 0-9 - . _ ~ : / ? # & = ,)",
                        "bad.yaml:22: apis[1].name: missing (expected: the API's name)");
        assertThat(file.apis()).isEmpty();
    }

    @Test
    void authorizersAndRouteSettingsAreRead() {
        ConfigFile file = ConfigLoader.parse("auth.yaml", """
                apis:
                  - name: a
                    routeSelectionExpression: $request.body.action
                    authorizers:
                      - name: gate
                        authorizerUri: Authorize
                        identitySource: [route.request.header.Auth, stageVariables.key]
                    routes:
                      - {routeKey: $connect, authorizationType: CUSTOM, authorizerId: gate}
                    stages:
                      - stageName: dev
                        defaultRouteSettings: {throttlingBurstLimit: 100, throttlingRateLimit: 50, loggingLevel: INFO}
                        routeSettings:
                          $connect: {throttlingRateLimit: 0.5}
                """);
        assertThat(located(file)).isEmpty();
        Api api = file.apis().getFirst();
        var authorizer = api.authorizers().getFirst();
        assertThat(authorizer.authorizerId()).isEqualTo("gate");
        assertThat(authorizer.identitySource()).containsExactly("route.request.header.Auth", "stageVariables.key");
        var stage = api.stages().getFirst();
        assertThat(stage.settingsOf("$connect").burst()).as("the default's").isEqualTo(100);
        assertThat(stage.settingsOf("$connect").rate()).as("its own").isEqualTo(0.5);
        assertThat(stage.settingsOf("chat").rate()).isEqualTo(50);
    }

    @Test
    void badAuthorizersAndRouteSettingsAreLocated() {
        ConfigFile file = ConfigLoader.parse("bad-auth.yaml", """
                apis:
                  - name: a
                    routeSelectionExpression: $request.body.action
                    authorizers:
                      - name: gate
                        authorizerType: OAUTH
                        authorizerUri: Authorize
                      - name: loose
                        authorizerUri: Authorize
                        identitySource: [header.Auth]
                    routes:
                      - {routeKey: $connect, authorizationType: CUSTOM, authorizerId: nobody}
                    stages:
                      - stageName: dev
                        routeSettings:
                          $connect: {throttlingBurstLimit: -1, throttlingRateLimit: fast}
                """);
        assertThat(located(file))
                .contains(
                        "bad-auth.yaml:6: apis[a].authorizers[gate].authorizerType: must be one of JWT, REQUEST, not 'OAUTH'",
                        "bad-auth.yaml:12: apis[a].routes[$connect].authorizerId: unknown authorizer 'nobody' (expected one of: gate, loose)")
                .anyMatch(p -> p.contains("authorizers[loose].identitySource: 'header.Auth'"))
                .anyMatch(
                        p -> p.contains("routeSettings.$connect.throttlingRateLimit: must be a number, zero or more"));
    }

    /**
     * An entry is an apigatewayv2 document read through the service's own shapes: every member the
     * service has is accepted (those the gateway does not use are not applied), each is checked for
     * its type and length as the REST API checks it, and a number in YAML is read as text where the
     * service wants a string.
     */
    @Test
    void entriesAreReadThroughTheServicesShapes() {
        ConfigFile good = ConfigLoader.parse("aws.yaml", """
                apis:
                  - name: a
                    protocolType: WEBSOCKET
                    routeSelectionExpression: $request.body.action
                    tags: {team: chat}
                    integrations:
                      - {integrationId: echo, integrationType: MOCK, connectionType: INTERNET,
                         contentHandlingStrategy: CONVERT_TO_TEXT, timeoutInMillis: "5000"}
                    routes:
                      - {routeKey: $default, target: integrations/echo, operationName: Echo,
                         routeResponses: [{routeResponseKey: $default, modelSelectionExpression: x}]}
                    stages:
                      - stageName: dev
                        autoDeploy: true
                        stageVariables: {port: 8080}
                        accessLogSettings: {destinationArn: "arn:aws:logs:us-east-1:000000000000:log-group:chat",
                                            format: "$context.requestId"}
                        defaultRouteSettings: {loggingLevel: INFO, throttlingRateLimit: "0.5"}
                """);
        assertThat(good.problems()).isEmpty();
        Api api = good.apis().get(0);
        assertThat(api.integrations().get(0).timeoutInMillis()).isEqualTo(5000);
        assertThat(api.routes().get(0).routeResponses()).hasSize(1);
        assertThat(api.stages().get(0).stageVariables()).containsEntry("port", "8080");
        assertThat(api.stages().get(0).defaultRouteSettings().rate()).isEqualTo(0.5);

        ConfigFile bad = ConfigLoader.parse("aws-bad.yaml", """
                apis:
                  - name: a
                    protocolType: HTTP
                    routeSelectionExpression: $request.body.action
                    corsConfiguration: {}
                    integrations:
                      - {integrationId: echo, integrationType: MOCK, connectionType: CABLE}
                    routes:
                      - {routeKey: $default, target: integrations/echo, operationName: {a: 1}}
                    stages:
                      - stageName: dev
                        deploymentId: abc123
                      - stageName: prod
                        defaultRouteSettings: {loggingLevel: LOUD}
                        accessLogSettings: {format: %s}
                """.formatted("x".repeat(3073)));
        assertThat(located(bad))
                .containsExactly(
                        "aws-bad.yaml:3: apis[a].protocolType: 'HTTP' is not served (expected: WEBSOCKET)",
                        "aws-bad.yaml:5: apis[a].corsConfiguration: only HTTP APIs have it",
                        "aws-bad.yaml:7: apis[a].integrations[echo].connectionType: must be one of INTERNET,"
                                + " VPC_LINK, not 'CABLE'",
                        "aws-bad.yaml:9: apis[a].routes[$default].operationName: must be a string",
                        "aws-bad.yaml:12: apis[a].stages[dev].deploymentId: not in wsgate's file: each stage serves"
                                + " the API as the file writes it",
                        "aws-bad.yaml:14: apis[a].stages[prod].defaultRouteSettings.loggingLevel: must be one of"
                                + " ERROR, INFO, OFF, not 'LOUD'",
                        "aws-bad.yaml:15: apis[a].stages[prod].accessLogSettings.format: must be at most 3072"
                                + " characters long, not 3073");
    }

    @Test
    void aJwtAuthorizerIsReadAndItsProblemsLocated() {
        ConfigFile file = ConfigLoader.parse("jwt.yaml", """
                apis:
                  - name: a
                    routeSelectionExpression: $request.body.action
                    authorizers:
                      - name: tokens
                        authorizerType: JWT
                        identitySource: [$request.header.Sec-WebSocket-Protocol]
                        jwtConfiguration: {issuer: "https://login.example.com/", audience: [web]}
                      - name: plain
                        authorizerType: JWT
                        identitySource: [stageVariables.x]
                        jwtConfiguration: {issuer: "http://login.example.com/", audience: []}
                      - name: bare
                        authorizerType: JWT
                        identitySource: [$request.querystring.token]
                    routes:
                      - {routeKey: $connect, authorizationType: JWT, authorizerId: tokens}
                    stages:
                      - stageName: dev
                """);
        assertThat(located(file))
                .contains(
                        "jwt.yaml:12: apis[a].authorizers[plain].jwtConfiguration.issuer: 'http://login.example.com/'"
                                + " (expected: an https:// URL; http:// only on loopback)",
                        "jwt.yaml:12: apis[a].authorizers[plain].jwtConfiguration.audience: empty (expected: at least"
                                + " one audience, such as the client id)",
                        "jwt.yaml:13: apis[a].authorizers[bare].jwtConfiguration: missing (expected: issuer and"
                                + " audience, for a JWT authorizer)")
                .anyMatch(p -> p.contains("authorizers[plain].identitySource: [stageVariables.x]"));
        ConfigFile good = ConfigLoader.parse("jwt-good.yaml", """
                apis:
                  - name: a
                    routeSelectionExpression: $request.body.action
                    authorizers:
                      - name: tokens
                        authorizerType: JWT
                        identitySource: [$request.header.Authorization]
                        jwtConfiguration: {issuer: "https://login.example.com/", audience: [web, mobile]}
                    routes:
                      - {routeKey: $connect, authorizationType: JWT, authorizerId: tokens}
                    stages:
                      - stageName: dev
                """);
        assertThat(good.problems()).isEmpty();
        var authorizer = good.apis().get(0).authorizers().get(0);
        assertThat(authorizer.authorizerType()).isEqualTo("JWT");
        assertThat(authorizer.jwtConfiguration().orElseThrow().audience()).containsExactly("web", "mobile");
    }

    @Test
    void crossReferencesAreChecked() {
        ConfigFile file = ConfigLoader.parse("refs.json", """
                {"apis": [{"name": "a", "routeSelectionExpression": "$request.body.action",
                  "integrations": [{"integrationId": "x", "integrationType": "MOCK"},
                                   {"integrationId": "x", "integrationType": "MOCK"}],
                  "routes": [{"routeKey": "go", "target": "integrations/nope"},
                             {"routeKey": "go", "target": "integrations/x"}],
                  "stages": [{"stageName": "dev"}, {"stageName": "dev"}]}]}
                """);
        assertThat(located(file))
                .containsExactlyInAnyOrder(
                        "refs.json:2: apis[a].integrations[x]: duplicate integrationId",
                        "refs.json:4: apis[a].routes[go]: duplicate routeKey",
                        "refs.json:4: apis[a].routes[go].target: unknown integration 'nope' (expected one of: x, x)",
                        "refs.json:6: apis[a].stages[dev]: duplicate stageName");
    }

    /** One API, for files about the gateway section. */
    static final String AN_API = """
            apis:
              - name: a
                routeSelectionExpression: $request.body.action
                integrations: [{integrationId: m, integrationType: MOCK, requestTemplates: {$default: '{"statusCode": 200}'}}]
                routes: [{routeKey: $default, target: integrations/m}]
                stages: [{stageName: dev}]
            """;

    @Test
    void tracingIsReadAndItsProblemsLocated() {
        ConfigFile good = ConfigLoader.parse("traced.yaml", """
                gateway:
                  tracing:
                    endpoint: http://127.0.0.1:4318/v1/traces
                    service-name: chat-gateway
                    sample-ratio: 0.25
                    export-delay: 200ms
                """ + AN_API);
        assertThat(good.problems()).isEmpty();
        var tracing = good.settings().tracing().orElseThrow();
        assertThat(tracing.endpoint()).hasToString("http://127.0.0.1:4318/v1/traces");
        assertThat(tracing.serviceName()).isEqualTo("chat-gateway");
        assertThat(tracing.sampleRatio()).isEqualTo(0.25);
        assertThat(tracing.exportDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(ConfigLoader.parse("plain.yaml", "gateway: {port: 9000}\n" + AN_API)
                        .settings()
                        .tracing())
                .isEmpty();

        ConfigFile bad = ConfigLoader.parse("traced-bad.yaml", """
                gateway:
                  tracing:
                    endpoint: grpc://collector:4317
                    sample-ratio: 2
                    export-delay: 0s
                    protocol: grpc
                """ + AN_API);
        assertThat(located(bad))
                .containsExactly(
                        "traced-bad.yaml:3: gateway.tracing.endpoint: 'grpc://collector:4317' (expected: an http or https"
                                + " URL, such as http://127.0.0.1:4318/v1/traces)",
                        "traced-bad.yaml:4: gateway.tracing.sample-ratio: '2' (expected: a number from 0 to 1)",
                        "traced-bad.yaml:5: gateway.tracing.export-delay: PT0S (expected: a positive duration, such as 10s)",
                        "traced-bad.yaml:6: gateway.tracing.protocol: unknown member (expected one of: endpoint,"
                                + " service-name, sample-ratio, export-delay)");
        assertThat(located(ConfigLoader.parse("traced-none.yaml", "gateway:\n  tracing: {service-name: x}\n" + AN_API)))
                .containsExactly("traced-none.yaml:2: gateway.tracing.endpoint: missing (expected: an OTLP/HTTP traces"
                        + " URL, such as http://127.0.0.1:4318/v1/traces)");
    }

    @Test
    void openTelemetrysVariablesNameTheEndpointWhereTheFileDoesNot() {
        var env = new java.util.HashMap<String, String>();
        assertThat(GatewaySettings.Tracing.fromEnvironment(env::get)).isEmpty();
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/");
        env.put("OTEL_SERVICE_NAME", "edge");
        var base = GatewaySettings.Tracing.fromEnvironment(env::get).orElseThrow();
        assertThat(base.endpoint()).hasToString("http://collector:4318/v1/traces");
        assertThat(base.serviceName()).isEqualTo("edge");
        env.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://traces.example.com/otlp");
        assertThat(GatewaySettings.Tracing.fromEnvironment(env::get)
                        .orElseThrow()
                        .endpoint())
                .hasToString("https://traces.example.com/otlp");
        env.put("OTEL_SDK_DISABLED", "true");
        assertThat(GatewaySettings.Tracing.fromEnvironment(env::get)).isEmpty();
        env.remove("OTEL_SDK_DISABLED");
        env.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "collector:4318");
        assertThatThrownBy(() -> GatewaySettings.Tracing.fromEnvironment(env::get))
                .hasMessage("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT='collector:4318' (expected: an http or https URL)");
    }

    @Test
    void aFileThatIsNotYamlSaysWhere() {
        assertThatThrownBy(() -> ConfigLoader.parse("broken.yaml", "apis:\n  - name: a\n   bad: indentation\n"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).report()).contains("broken.yaml:3: not valid:"));
        assertThatThrownBy(() -> ConfigLoader.parse("dup.yaml", "apis: []\napis: []\n"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).report()).contains("Duplicate field 'apis'"));
        assertThatThrownBy(() -> ConfigLoader.parse("empty.yaml", "")).isInstanceOf(ConfigException.class);
    }

    @Test
    void tlsNeedsAllThreeSettingsAndPathsAreTakenFromTheFilesDirectory(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("wsgate.yaml");
        Files.writeString(config, """
                gateway: {tls-port: 8443, tls-certificate: certs/gw.crt, tls-key: /etc/gw.key}
                apis: [{name: a, routeSelectionExpression: $request.body.action}]
                """);
        ConfigFile file = ConfigLoader.load(config);
        assertThat(file.settings().tls()).get().satisfies(tls -> {
            assertThat(tls.port()).isEqualTo(8443);
            assertThat(tls.certificate()).isEqualTo(dir.resolve("certs/gw.crt"));
            assertThat(tls.key()).isEqualTo(Path.of("/etc/gw.key"));
        });
        ConfigFile half = ConfigLoader.parse("half.yaml", """
                gateway: {tls-port: 8443}
                apis: [{name: a, routeSelectionExpression: $request.body.action}]
                """);
        assertThat(located(half))
                .containsExactly(
                        "half.yaml:1: gateway.tls-port: tls-port, tls-certificate and tls-key go together (expected: all three)");
    }

    @Test
    void controlPlaneLambdaAndSniSettingsAreReadAndChecked(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("wsgate.yaml");
        Files.writeString(config, """
                gateway:
                  host: 0.0.0.0
                  control-port: 9001
                  data-dir: state
                  control-rate: 100
                  control-burst: 200
                  region: eu-west-1
                  account-id: '123456789012'
                  lambda-endpoint: http://127.0.0.1:3001
                  lambda-region: eu-west-1
                  tls-port: 8443
                  tls-certificate: gw.crt
                  tls-key: gw.key
                  tls-certificates:
                    - {certificate: chat.crt, key: chat.key}
                apis: [{name: a, routeSelectionExpression: $request.body.action}]
                """);
        GatewaySettings settings = ConfigLoader.load(config).settings();
        assertThat(settings.control()).get().satisfies(control -> {
            assertThat(control.host())
                    .as("loopback, whatever the data plane's host")
                    .isEqualTo("127.0.0.1");
            assertThat(control.port()).isEqualTo(9001);
            assertThat(control.dataDirectory()).isEqualTo(dir.resolve("state"));
            assertThat(control.requestsPerSecond()).isEqualTo(100);
            assertThat(control.burst()).isEqualTo(200);
            assertThat(control.region()).isEqualTo("eu-west-1");
            assertThat(control.accountId()).isEqualTo("123456789012");
        });
        assertThat(settings.lambda().endpoint()).contains(java.net.URI.create("http://127.0.0.1:3001"));
        assertThat(settings.lambda().region()).contains("eu-west-1");
        assertThat(settings.tls().orElseThrow().certificates())
                .containsExactly(new GatewaySettings.Certificate(dir.resolve("chat.crt"), dir.resolve("chat.key")));

        ConfigFile bad = ConfigLoader.parse("bad.yaml", """
                gateway:
                  control-host: 10.0.0.1
                  account-id: '42'
                  lambda-endpoint: not a url
                  tls-certificates: [{certificate: chat.crt}]
                apis: [{name: a, routeSelectionExpression: $request.body.action}]
                """);
        assertThat(located(bad))
                .containsExactlyInAnyOrder(
                        "bad.yaml:3: gateway.account-id: '42' (expected: 12 digits)",
                        "bad.yaml:4: gateway.lambda-endpoint: 'not a url' (expected: an http(s) URL such as http://127.0.0.1:3001, or aws)",
                        "bad.yaml:5: gateway.tls-certificates[chat.crt].key: missing (expected: its PEM private key)");
        assertThat(bad.settings().control().orElseThrow().host()).isEqualTo("10.0.0.1");
    }

    @Test
    void hotReloadIsOnUnlessTheFileTurnsItOff() {
        String api = "apis: [{name: a, routeSelectionExpression: $request.body.action}]\n";
        assertThat(ConfigLoader.parse("on.yaml", api).settings().hotReload()).isTrue();
        assertThat(ConfigLoader.parse("off.yaml", "gateway: {hot-reload: false}\n" + api)
                        .settings()
                        .hotReload())
                .isFalse();
        assertThat(located(ConfigLoader.parse("bad.yaml", "gateway: {hot-reload: sometimes}\n" + api)))
                .containsExactly("bad.yaml:1: gateway.hot-reload: expected true or false, got 'sometimes'");
    }

    @Test
    void durationsAndSizesAcceptTheUsualSpellings() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("pt1s")).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> Durations.parse("ten minutes")).hasMessageContaining("expected: a duration");
    }

    @Test
    void addressRangesContainWhatTheySay() throws Exception {
        var loopback = AddressRange.parse("127.0.0.0/8");
        assertThat(loopback.contains(java.net.InetAddress.getByName("127.1.2.3")))
                .isTrue();
        assertThat(loopback.contains(java.net.InetAddress.getByName("128.0.0.1")))
                .isFalse();
        assertThat(loopback.contains(java.net.InetAddress.getByName("::1"))).isFalse();
        assertThat(AddressRange.parse("::1/128").contains(java.net.InetAddress.getByName("::1")))
                .isTrue();
        assertThat(AddressRange.parse("10.1.2.3").contains(java.net.InetAddress.getByName("10.1.2.3")))
                .isTrue();
        assertThat(AddressRange.parse("192.168.0.0/20").contains(java.net.InetAddress.getByName("192.168.15.255")))
                .isTrue();
        assertThat(AddressRange.parse("192.168.0.0/20").contains(java.net.InetAddress.getByName("192.168.16.0")))
                .isFalse();
        assertThatThrownBy(() -> AddressRange.parse("example.com/8"))
                .hasMessageContaining("expected: an address range");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33")).hasMessageContaining("prefix length 33");
    }
}
