package io.wsgate.bench;

import io.wsgate.bench.ceiling.NettyEchoServer;
import io.wsgate.bench.ceiling.VertxEchoServer;
import io.wsgate.bench.peer.EchoBackend;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the servers the scenarios measure, each on the server CPUs: wsgate (with its in-process
 * function, or with a local Node.js or Python function), the two ceilings, the HTTP backend,
 * Pushpin (with its zurl) and serverless-offline. Every JVM among them runs with the same flags,
 * {@link #SERVER_JVM}.
 */
final class Subjects {
    /** The flags of every server JVM: wsgate and both ceilings alike. */
    static final List<String> SERVER_JVM = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC");

    private static final Duration START = Duration.ofSeconds(90);

    private final Path runDir;
    private final String cpus;
    private final Path slsDir;
    private Runtimes runtimes;

    Subjects(Path runDir, String cpus, Path slsDir) {
        this.runDir = runDir;
        this.cpus = cpus;
        this.slsDir = slsDir;
    }

    static List<String> java(List<String> flags, Class<?> main, String... args) {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.addAll(List.of("-cp", classPath(), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * This process's class path for the processes it starts, absolute, with the {@code lib/} folder
     * beside the jar spelled out: a jar's manifest class path is not in {@code java.class.path}.
     */
    static String classPath() {
        var entries = new ArrayList<String>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(Path.of(entry).toAbsolutePath().toString());
        }
        Path lib = Path.of(entries.getFirst()).getParent().resolve("lib");
        if (Files.isDirectory(lib)) {
            entries.add(lib.resolve("*").toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Proc jvm(String name, int port, Class<?> main, String... args) throws InterruptedException {
        return Proc.start(name, java(SERVER_JVM, main, args), cpus, runDir.resolve(name + ".log"), runDir, Map.of())
                .awaitPort(port, START);
    }

    Subject netty() throws InterruptedException {
        int port = freePort();
        return new Subject(
                "bare Netty",
                "ws://127.0.0.1:" + port + "/echo",
                null,
                List.of(jvm("netty", port, NettyEchoServer.class, Integer.toString(port))));
    }

    Subject vertx() throws InterruptedException {
        int port = freePort();
        return new Subject(
                "bare Vert.x",
                "ws://127.0.0.1:" + port + "/echo",
                "http://127.0.0.1:" + port + "/push/",
                List.of(jvm("vertx", port, VertxEchoServer.class, Integer.toString(port))));
    }

    /** The HTTP backend of S4, for wsgate's HTTP_PROXY and for Pushpin. */
    record Backend(Proc proc, int port) {}

    Backend backend() throws InterruptedException {
        int port = freePort();
        return new Backend(jvm("backend-" + port, port, EchoBackend.class, Integer.toString(port)), port);
    }

    /**
     * wsgate on its own main class and a generated file: API {@code bench} runs {@link EchoHandler}
     * in process ({@code $connect}, two-way {@code echo} and {@code whoami}) on the event loop; API
     * {@code guarded} runs it on {@code $connect} after {@link BenchAuthorizer} ({@link
     * #withAuthorizer}); API {@code threads} runs the same on virtual threads ({@link #onVirtualThreads}); API {@code
     * proxy} sends {@code echo} to the HTTP backend when one is given.
     */
    Subject wsgate(Backend backend) throws InterruptedException, IOException {
        return wsgate(backend, true);
    }

    /**
     * As above; without {@code identities} (and the API {@code signed}, which needs them) when not
     * {@code signing}: identities make every {@code @connections} call need a SigV4 signature, and
     * S5 measures pushes as an unsigned backend on loopback sends them.
     */
    Subject wsgate(Backend backend, boolean signing) throws InterruptedException, IOException {
        int port = freePort();
        var yaml = new StringBuilder("""
                gateway:
                  host: 127.0.0.1
                  port: %d
                  access-logs: {directory: %s}
                functions:
                  Echo: %s
                  EchoOnVirtualThreads: %s
                  Authorize: %s
                identities:
                  - accessKeyId: %s
                    secretAccessKey: %s
                    arn: arn:aws:iam::000000000000:user/bench
                    policy:
                      Statement:
                        - {Effect: Allow, Action: execute-api:Invoke, Resource: "arn:aws:execute-api:us-east-1:000000000000:signed/b/$connect"}
                apis:
                  - name: bench
                    apiId: bench
                    routeSelectionExpression: $request.body.action
                    integrations:
                      - integrationId: echo
                        integrationType: AWS_PROXY
                        integrationUri: %s
                    routes:
                      - routeKey: $connect
                        target: integrations/echo
                      - routeKey: echo
                        target: integrations/echo
                        routeResponseSelectionExpression: $default
                      - routeKey: whoami
                        target: integrations/echo
                        routeResponseSelectionExpression: $default
                    stages:
                      - stageName: b
                      - stageName: logged
                        accessLogSettings:
                          destinationArn: arn:aws:logs:us-east-1:000000000000:log-group:/aws/apigateway/bench
                          format: '%s'
                  - name: guarded
                    apiId: guarded
                    routeSelectionExpression: $request.body.action
                    authorizers:
                      - name: token
                        authorizerUri: %s
                        identitySource: [route.request.querystring.token]
                    integrations:
                      - integrationId: echo
                        integrationType: AWS_PROXY
                        integrationUri: %s
                    routes:
                      - routeKey: $connect
                        target: integrations/echo
                        authorizationType: CUSTOM
                        authorizerId: token
                    stages:
                      - stageName: b
                  - name: signed
                    apiId: signed
                    routeSelectionExpression: $request.body.action
                    integrations:
                      - integrationId: echo
                        integrationType: AWS_PROXY
                        integrationUri: %s
                    routes:
                      - routeKey: $connect
                        target: integrations/echo
                        authorizationType: AWS_IAM
                    stages:
                      - stageName: b
                  - name: threads
                    apiId: threads
                    routeSelectionExpression: $request.body.action
                    integrations:
                      - integrationId: echo
                        integrationType: AWS_PROXY
                        integrationUri: %s
                    routes:
                      - routeKey: echo
                        target: integrations/echo
                        routeResponseSelectionExpression: $default
                    stages:
                      - stageName: b
                """.formatted(
                        port,
                        runDir.resolve("access-logs"),
                        EchoHandler.class.getName(),
                        EchoOnVirtualThreads.class.getName(),
                        BenchAuthorizer.class.getName(),
                        ACCESS_KEY,
                        SECRET,
                        invocationUri("Echo"),
                        ACCESS_LOG_FORMAT,
                        invocationUri("Authorize"),
                        invocationUri("Echo"),
                        invocationUri("Echo"),
                        invocationUri("EchoOnVirtualThreads")));
        if (backend != null) {
            yaml.append("""
                      - name: proxy
                        apiId: proxy
                        routeSelectionExpression: $request.body.action
                        integrations:
                          - integrationId: backend
                            integrationType: HTTP_PROXY
                            integrationMethod: POST
                            integrationUri: http://127.0.0.1:%d/event
                        routes:
                          - routeKey: echo
                            target: integrations/backend
                            routeResponseSelectionExpression: $default
                        stages:
                          - stageName: b
                    """.formatted(backend.port()));
        }
        String text = yaml.toString();
        if (!signing) {
            text = text.replaceFirst("(?s)identities:\n.*?(?=apis:\n)", "")
                    .replaceFirst("(?s)  - name: signed\n.*?(?=  - name: threads\n)", "");
        }
        Proc gateway = gateway("wsgate", text, port, Map.of());
        var procs = new ArrayList<>(List.of(gateway));
        if (backend != null) {
            procs.add(backend.proc());
            return new Subject("wsgate HTTP_PROXY", "ws://127.0.0.1:" + port + "/proxy/b", null, procs);
        }
        return new Subject(
                "wsgate",
                "ws://127.0.0.1:" + port + "/bench/b",
                "http://127.0.0.1:" + port + "/bench/b/@connections/",
                procs);
    }

    /** wsgate serving {@code yaml}, written as {@code NAME.yaml}, its output in {@code NAME.log}. */
    private Proc gateway(String name, String yaml, int port, Map<String, String> env)
            throws IOException, InterruptedException {
        Path config = Files.writeString(runDir.resolve(name + ".yaml"), yaml);
        return Proc.start(
                        name,
                        java(
                                SERVER_JVM,
                                io.wsgate.app.Main.class,
                                "serve",
                                "--config",
                                config.toString(),
                                "--no-control"),
                        cpus,
                        runDir.resolve(name + ".log"),
                        runDir,
                        env)
                .awaitPort(port, START);
    }

    /** A local function of S6: the runtime it names, how the report calls it, its file's name. */
    enum Function {
        NODE("wsgate Node.js", "nodejs20.x", "wsgate-node", true),
        PYTHON("wsgate Python", "python3.11", "wsgate-python", true),
        NODE_STATIC("wsgate Node.js, hot-reload off", "nodejs20.x", "wsgate-node-static", false),
        PYTHON_STATIC("wsgate Python, hot-reload off", "python3.11", "wsgate-python-static", false);

        final String title;
        final String runtime;
        final String file;
        /** wsgate's default is on; serverless-offline's {@code reloadHandler} is off by default. */
        final boolean hotReload;

        Function(String title, String runtime, String file, boolean hotReload) {
            this.title = title;
            this.runtime = runtime;
            this.file = file;
            this.hotReload = hotReload;
        }
    }

    /**
     * wsgate running the bench's echo handler ({@code functions/handler.js} or {@code handler.py}
     * among the bench's resources) as a local function with the file's defaults: a {@code $default}
     * route with a Lambda proxy integration naming it, and a route response, so the body comes back.
     * No {@code $connect} route: wsgate, as AWS, then accepts every connection.
     */
    Subject localFunction(Function function, Runtimes runtimes) throws IOException, InterruptedException {
        int port = freePort();
        String yaml = """
                gateway:
                  host: 127.0.0.1
                  port: %d
                  hot-reload: %s
                functions:
                  Echo: {runtime: %s, handler: handler.echo, code: '%s'}
                apis:
                  - name: fn
                    apiId: fn
                    routeSelectionExpression: $request.body.action
                    integrations:
                      - integrationId: echo
                        integrationType: AWS_PROXY
                        integrationUri: %s
                    routes:
                      - routeKey: $default
                        target: integrations/echo
                        routeResponseSelectionExpression: $default
                    stages:
                      - stageName: b
                """.formatted(
                        port, function.hotReload, function.runtime, functionCode(function.file), invocationUri("Echo"));
        Proc gateway = gateway(function.file, yaml, port, runtimes.environment());
        return new Subject(function.title, "ws://127.0.0.1:" + port + "/fn/b", null, List.of(gateway));
    }

    /** The interpreters of S6, linked under {@code runDir/bin} on first use. */
    Runtimes runtimes() throws IOException, InterruptedException {
        if (runtimes == null) {
            runtimes = Runtimes.link(runDir.resolve("bin"));
        }
        return runtimes;
    }

    /**
     * The directory of the echo handlers, copied out of the bench's resources, one per subject
     * ({@code name}): a copy made for one must not reload another that is running.
     */
    private Path functionCode(String name) throws IOException {
        Path dir = Files.createDirectories(runDir.resolve("functions").resolve(name));
        for (String file : List.of("handler.js", "handler.py")) {
            copyResource("functions/" + file, dir.resolve(file));
        }
        return dir;
    }

    private static void copyResource(String name, Path to) throws IOException {
        try (var in = Subjects.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no resource " + name + " beside " + Subjects.class.getName());
            }
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The integration URI of the Lambda function {@code name}, as AWS writes it. */
    private static String invocationUri(String name) {
        return "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000"
                + ":function:" + name + "/invocations";
    }

    /** The name of {@link #withAuthorizer}'s subject in the reports. */
    static final String AUTHORIZED = "wsgate, REQUEST authorizer";

    /**
     * The same gateway reached through its API {@code guarded}: each {@code $connect} first runs
     * {@link BenchAuthorizer}, a Lambda REQUEST authorizer, in process.
     */
    static Subject withAuthorizer(Subject wsgate) {
        return wsgate.as(AUTHORIZED, wsgate.ws().replace("/bench/b", "/guarded/b?token=bench"), null);
    }

    /** The name of {@link #withSignedConnect}'s subject in the reports. */
    static final String SIGNED = "wsgate, SigV4-presigned (AWS_IAM)";

    private static final String ACCESS_KEY = "AKIAWSGATEBENCH01";
    private static final String SECRET = "bench-secret";

    /**
     * The same gateway reached through its API {@code signed}, whose {@code $connect} is {@code
     * AWS_IAM}: by a URL presigned with the AWS SDK's SigV4 signer, as a client signs one, valid for
     * the run (a week), so that every handshake verifies the same signature as a fresh one would.
     */
    static Subject withSignedConnect(Subject wsgate) {
        String http = wsgate.ws().replace("/bench/b", "/signed/b").replaceFirst("^ws", "http");
        var signed = software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create()
                .sign(r -> r.identity(
                                software.amazon.awssdk.identity.spi.AwsCredentialsIdentity.create(ACCESS_KEY, SECRET))
                        .request(software.amazon.awssdk.http.SdkHttpRequest.builder()
                                .method(software.amazon.awssdk.http.SdkHttpMethod.GET)
                                .uri(java.net.URI.create(http))
                                .build())
                        .putProperty(
                                software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.SERVICE_SIGNING_NAME,
                                "execute-api")
                        .putProperty(
                                software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(
                                software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.AUTH_LOCATION,
                                software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation
                                        .QUERY_STRING)
                        .putProperty(
                                software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.EXPIRATION_DURATION,
                                java.time.Duration.ofDays(7)))
                .request();
        return wsgate.as(SIGNED, signed.getUri().toString().replaceFirst("^http", "ws"), null);
    }

    /** The JSON format the API Gateway console offers for WebSocket access logs. */
    static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\","
            + " \"ip\": \"$context.identity.sourceIp\", \"caller\":\"$context.identity.caller\","
            + " \"user\":\"$context.identity.user\", \"requestTime\":\"$context.requestTime\","
            + " \"eventType\":\"$context.eventType\", \"routeKey\":\"$context.routeKey\","
            + " \"status\":\"$context.status\", \"connectionId\":\"$context.connectionId\"}";

    /** The same gateway reached through the stage {@code logged}: the same API, its access log on. */
    static Subject accessLogged(Subject wsgate) {
        return wsgate.as(
                "wsgate, access log",
                wsgate.ws().replace("/bench/b", "/bench/logged"),
                wsgate.pushUrl() == null ? null : wsgate.pushUrl().replace("/bench/b/", "/bench/logged/"));
    }

    /** The same gateway reached through its API {@code threads}: the echo on virtual threads. */
    static Subject onVirtualThreads(Subject wsgate) {
        return wsgate.as("wsgate, virtual threads", wsgate.ws().replace("/bench/b", "/threads/b"), null);
    }

    /**
     * Pushpin 1.36 in WebSocket-over-HTTP mode before the backend, with its own zurl allowed to
     * reach loopback (the one its runner starts refuses 127.*), all under {@code runDir/pushpin}.
     */
    Subject pushpin(Backend backend) throws InterruptedException, IOException {
        Path dir = Files.createDirectories(runDir.resolve("pushpin"));
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("log"));
        int port = freePort();
        String ipc = "ipc://" + run + "/";
        String conf = Files.readString(Path.of("/etc/pushpin/pushpin.conf"))
                .replaceFirst("(?m)^rundir=.*$", "rundir=" + run)
                .replaceFirst("(?m)^services=.*$", "services=condure,pushpin-proxy,pushpin-handler")
                .replaceFirst("(?m)^http_port=.*$", "http_port=127.0.0.1:" + port)
                .replaceFirst("(?m)^logdir=.*$", "logdir=" + dir.resolve("log"))
                .replaceFirst(
                        "(?m)^\\[proxy\\]$",
                        "[proxy]\nzurl_out_specs=" + ipc + "zurl-in\nzurl_out_stream_specs=" + ipc
                                + "zurl-in-stream\nzurl_in_specs=" + ipc + "zurl-out");
        Files.writeString(dir.resolve("pushpin.conf"), conf);
        Files.writeString(dir.resolve("routes"), "* 127.0.0.1:" + backend.port() + ",over_http\n");
        Files.writeString(dir.resolve("zurl.conf"), """
                [General]
                in_spec=%1$szurl-in
                in_stream_spec=%1$szurl-in-stream
                out_spec=%1$szurl-out
                defpolicy=allow
                allow=
                deny=
                max_open_requests=2000
                buffer_size=200000
                timeout=600
                in_hwm=1000
                out_hwm=1000
                """.formatted(ipc));
        Proc zurl = Proc.start(
                "zurl",
                List.of("zurl", "--config=" + dir.resolve("zurl.conf")),
                cpus,
                dir.resolve("zurl.log"),
                dir,
                Map.of());
        Proc pushpin = Proc.start(
                        "pushpin",
                        List.of("pushpin", "--config=" + dir.resolve("pushpin.conf")),
                        cpus,
                        dir.resolve("pushpin.log"),
                        dir,
                        Map.of())
                .awaitPort(port, START);
        return new Subject(
                "Pushpin 1.36", "ws://127.0.0.1:" + port + "/pushpin", null, List.of(pushpin, zurl, backend.proc()));
    }

    /**
     * serverless-offline 13 (with serverless 3, installed under {@code slsDir}) running the same
     * Node.js handler as {@link #localFunction} on an {@code echo} route whose route response returns
     * the body, with its defaults otherwise: each handler in a worker thread. It refuses every
     * upgrade when there is no {@code $connect} route (502), so {@code $connect} runs the same
     * function.
     */
    Subject serverlessOffline(Runtimes runtimes) throws InterruptedException, IOException {
        int port = freePort();
        Files.writeString(slsDir.resolve("serverless.yml"), """
                service: wsgate-bench
                frameworkVersion: "3"
                provider:
                  name: aws
                  runtime: nodejs20.x
                  region: us-east-1
                  stage: b
                functions:
                  echo:
                    handler: handler.echo
                    events:
                      - websocket:
                          route: $connect
                      - websocket:
                          route: echo
                          routeResponseSelectionExpression: $default
                plugins:
                  - serverless-offline
                custom:
                  serverless-offline:
                    host: 127.0.0.1
                    websocketPort: %d
                    httpPort: %d
                    lambdaPort: %d
                """.formatted(port, freePort(), freePort()));
        copyResource("functions/handler.js", slsDir.resolve("handler.js"));
        var env = new HashMap<>(runtimes.environment());
        env.putAll(Map.of("SLS_TELEMETRY_DISABLED", "1", "SLS_NOTIFICATIONS_MODE", "off"));
        Proc sls = Proc.start(
                        "serverless-offline",
                        List.of(
                                runtimes.bin().resolve("node").toString(),
                                "node_modules/serverless/bin/serverless.js",
                                "offline",
                                "start"),
                        cpus,
                        runDir.resolve("serverless-offline.log"),
                        slsDir,
                        env)
                .awaitPort(port, START);
        return new Subject("serverless-offline 13", "ws://127.0.0.1:" + port + "/", null, List.of(sls));
    }
}
