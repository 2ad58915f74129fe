package io.wsgate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsgate.testing.GatewayProcess;
import io.wsgate.testing.JavaSources;
import io.wsgate.testing.Shell;
import io.wsgate.testing.Snippets;
import io.wsgate.testing.Snippets.Snippet;
import io.wsgate.testing.TestClient;
import io.wsgate.testing.Tools;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every code block of the README, run as a reader runs it: {@code ./wsgate serve} in one terminal
 * (here a {@code serve} process of this build, on free ports), the rest in order in another (one
 * bash, so that the {@code export} line holds for what follows), with no AWS settings but what the
 * README sets.
 *
 * <ul>
 *   <li>a block the prose names ({@code a file that serves it, `shout.yaml`:}) is saved under that
 *       name in the reader's directory, where the shell runs;
 *   <li>configuration files go through {@code validate}, with the classes of those named Java files
 *       on its {@code --classpath};
 *   <li>shell blocks run in the shell, with the real AWS CLI; a {@code ./wsgate serve} line, which
 *       holds a reader's terminal and so ends its block, starts a process of its own in the
 *       reader's directory, which a {@code wscat} block of the README must then reach;
 *   <li>Python runs in that shell with python3 and boto3;
 *   <li>Java compiles against this build; a fragment (imports, then statements) runs in the shell
 *       in a {@code main} of its own, a whole program ({@code main}) runs as the README says, from
 *       its source file;
 *   <li>{@code wscat} sessions ({@code > sent}, {@code < received}) are played by the JDK's
 *       WebSocket client, which sends the same text and must get the shown answer.
 * </ul>
 *
 * <p>What is rewritten, and nothing else: the README's addresses ({@code 127.0.0.1:8080}, {@code
 * :8081}, {@code :8082}, and the {@code --port} of a {@code serve} line, which then listens on a free
 * one) become this run's, and the example ids of an answer it shows (the {@code connectionId} a
 * reader copies from wscat) become the ids the gateway gave. The jar is not built yet when tests
 * run, so the programs that use it run from this build's classes instead, with only their names and
 * class path rewritten: {@code ./wsgate ARGS} runs as {@code java @ARGFILE io.wsgate.app.Main ARGS}
 * (the jar's main class, as {@link GatewayProcess} starts it), {@code javac} is the JDK's running
 * this test, and {@code -cp wsgate-server/target/wsgate-server.jar} becomes {@code @ARGFILE}, which
 * holds {@code -cp} and this test run's class path (wsgate's classes and the libraries the jar
 * names, and the tests'). A block that cannot run
 * here carries {@code <!-- not run: REASON -->} on the line before it and is listed in {@link
 * #NOT_RUN}, so that a new block is run unless someone says why not.
 */
class ReadmeTest {
    /** The blocks that are not run, by their first line, with the reason the README gives. */
    static final Map<String, String> NOT_RUN = Map.ofEntries(
            Map.entry(
                    "./mvnw verify",
                    "the test suite itself, which runs this README's other snippets (.ci/run runs it)"),
            Map.entry("provider \"aws\" {", "the Terraform provider cannot be downloaded on the build machines"),
            Map.entry(
                    "# Node.js and Python handlers, unchanged, from ./backend",
                    "the handlers' directory is the reader's own"),
            Map.entry(
                    "# a Node.js authorizer from ./auth in front of the chat's $connect",
                    "the authorizer's code directory is the reader's own"),
            Map.entry(
                    "examples/chat-python/run",
                    "it holds the terminal; ChatExamplesTest runs it and plays the clients below"),
            Map.entry(
                    "wscat -c ws://127.0.0.1:8080/helloapigwsocket/dev",
                    "clients of examples/chat-python/run, which ChatExamplesTest plays"),
            Map.entry(
                    "aws lambda invoke --endpoint-url http://127.0.0.1:8081 --function-name SendMessage \\",
                    "the README's serve has no local function to invoke"),
            Map.entry(
                    "./wsgate serve --template template.yaml --dynamodb-endpoint http://127.0.0.1:4567 --node-modules"
                            + " ~/aws-sdk/node_modules",
                    "it needs dynalite running; StackChatTest serves the same app and plays three clients"),
            Map.entry("livenessProbe:", "a Kubernetes pod spec, not a wsgate file"),
            Map.entry(
                    "npx cdk synth --quiet",
                    "it needs a CDK app, which npm installs; StackChatTest serves two synthesized apps"),
            Map.entry(
                    "./wsgate serve --template serverless.yml --stage dev --dynamodb-endpoint http://127.0.0.1:4567"
                            + " --node-modules ~/aws-sdk/node_modules",
                    "it needs dynalite running; StackChatTest serves a serverless app and plays three clients"));

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern ANSWER_ID = Pattern.compile("\"(connectionId|requestId)\":\"([^\"]+)\"");

    enum Kind {
        SERVE,
        CONFIG,
        SHELL,
        WEBSOCKET,
        PYTHON,
        JAVA_PROGRAM,
        JAVA_FILE,
        JAVA_FRAGMENT,
        NOT_RUN
    }

    static Kind kind(Snippet snippet) {
        if (snippet.notRun().isPresent()) {
            return Kind.NOT_RUN;
        }
        String text = snippet.text();
        return switch (snippet.language()) {
            case "yaml", "json" -> Kind.CONFIG;
            case "python" -> Kind.PYTHON;
            case "java" ->
                JavaSources.isProgram(text)
                        ? Kind.JAVA_PROGRAM
                        : JavaSources.isWholeFile(text) ? Kind.JAVA_FILE : Kind.JAVA_FRAGMENT;
            case "", "sh", "bash", "shell" -> {
                if (text.strip().equals("./wsgate serve")) {
                    yield Kind.SERVE;
                }
                String first = snippet.firstLine();
                yield first.startsWith("wscat ") || first.startsWith("> ") ? Kind.WEBSOCKET : Kind.SHELL;
            }
            default ->
                throw new AssertionError(snippet + ": no way to run '" + snippet.language()
                        + "' here; mark it <!-- not run: REASON --> and list it in ReadmeTest.NOT_RUN");
        };
    }

    static List<Snippet> snippets() {
        return Snippets.of(Snippets.readme());
    }

    @Test
    void everyBlockIsRunOrMarkedAndListed() {
        var marked = new LinkedHashMap<String, String>();
        for (Snippet snippet : snippets()) {
            if (kind(snippet) == Kind.NOT_RUN) {
                marked.put(snippet.firstLine(), snippet.notRun().orElseThrow());
            }
        }
        assertThat(marked).as("blocks marked <!-- not run -->").isEqualTo(NOT_RUN);
        assertThat(snippets().stream().map(ReadmeTest::kind))
                .as("the README starts the gateway, then uses it")
                .startsWith(Kind.SERVE)
                .containsOnlyOnce(Kind.SERVE);
    }

    @Test
    void everyConfigurationFileValidates(@TempDir Path dir) throws IOException {
        Path handlers = dir.resolve("handlers");
        Files.createDirectories(handlers);
        for (Snippet snippet : ofKind(Kind.JAVA_FILE)) {
            if (snippet.file().isPresent()) {
                JavaSources.compile(snippet.text(), handlers);
            }
        }
        for (Snippet snippet : ofKind(Kind.CONFIG)) {
            Path file = dir.resolve("wsgate-" + snippet.line() + "." + snippet.language());
            Files.writeString(file, snippet.text());
            var out = new StringWriter();
            var err = new StringWriter();
            var cli = Main.commandLine();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            int exit = cli.execute("validate", "--classpath", handlers.toString(), file.toString());
            assertThat(err.toString()).as(snippet.toString()).isEmpty();
            assertThat(exit).as(snippet.toString()).isZero();
            assertThat(out.toString()).contains(": OK (");
        }
    }

    @Test
    void everyJavaBlockAndExampleCompiles(@TempDir Path dir) throws IOException {
        for (Snippet snippet : snippets()) {
            if (snippet.language().equals("java")) {
                JavaSources.compile(source(snippet, Map.of()), dir.resolve("classes-" + snippet.line()));
            }
        }
        Path examples = Snippets.readme().resolveSibling("examples");
        try (Stream<Path> files = Files.list(examples)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                JavaSources.compile(Files.readString(file), dir.resolve("classes-" + file.getFileName()));
            }
        }
    }

    @Test
    void aReaderRunsEveryOtherBlockInOrder(@TempDir Path dir) throws IOException {
        assumeTrue(Tools.probe(List.of("aws", "--version")).isPresent(), "the AWS CLI (aws) is not installed");
        assumeTrue(
                Tools.probe(List.of("python3", "-c", "import boto3")).isPresent(),
                "python3 with boto3 is not installed");
        var reader = new Reader(dir);
        try (reader) {
            for (Snippet snippet : snippets()) {
                reader.run(snippet);
            }
            assertThat(reader.unreached)
                    .as("addresses of serve lines that no wscat block of the README connects to")
                    .isEmpty();
        }
    }

    private static List<Snippet> ofKind(Kind kind) {
        return snippets().stream().filter(s -> kind(s) == kind).toList();
    }

    /** A Java block as a file: itself if it is one, else wrapped. */
    private static String source(Snippet snippet, Map<String, String> rewrites) {
        String text = rewrite(snippet.text(), rewrites);
        return JavaSources.isWholeFile(text) ? text : JavaSources.wrap("Fragment" + snippet.line(), text);
    }

    private static String rewrite(String text, Map<String, String> rewrites) {
        for (var entry : rewrites.entrySet()) {
            text = text.replace(entry.getKey(), entry.getValue());
        }
        return text;
    }

    /** The second terminal, and the programs and clients a reader starts from the README. */
    private static final class Reader implements AutoCloseable {
        private final Path dir;
        private final GatewayProcess serve;
        private final Shell shell;
        private final List<AutoCloseable> started = new ArrayList<>();
        private final Map<String, String> rewrites = new LinkedHashMap<>();
        private final Map<String, TestClient> clientsById = new HashMap<>();
        private final List<String> unreached = new ArrayList<>();
        private final Path classPathArgs;
        private TestClient session;

        Reader(Path dir) {
            this.dir = dir;
            this.serve = GatewayProcess.serve(
                    "--port",
                    "0",
                    "--control-port",
                    "0",
                    "--data-dir",
                    dir.resolve("wsgate-data").toString());
            started.add(serve);
            rewrites.put("127.0.0.1:8080", "127.0.0.1:" + listeningPort(serve));
            URI control = serve.awaitControl();
            rewrites.put("127.0.0.1:8081", control.getHost() + ":" + control.getPort());
            this.shell = Shell.in(dir);
            started.add(shell);
            this.classPathArgs = JavaSources.classPathArgs(dir.resolve("wsgate-classpath.args"));
        }

        void run(Snippet snippet) throws IOException {
            switch (kind(snippet)) {
                case SERVE, NOT_RUN -> {
                    // serve is running
                }
                case CONFIG, JAVA_FILE -> save(snippet);
                case SHELL -> shell(snippet);
                case PYTHON -> {
                    Path script = dir.resolve("snippet-" + snippet.line() + ".py");
                    Files.writeString(script, rewrite(snippet.text(), rewrites));
                    String out = shell.run("python3 " + script.getFileName());
                    assertThat(out).as(snippet.toString()).contains(" chat ");
                }
                case JAVA_FRAGMENT -> {
                    Path classes = dir.resolve("classes-" + snippet.line());
                    JavaSources.compile(source(snippet, rewrites), classes);
                    Path args = JavaSources.classPathArgs(dir.resolve("java-" + snippet.line() + ".args"), classes);
                    String out =
                            shell.run("'" + JavaSources.jdkTool("java") + "' @" + args + " Fragment" + snippet.line());
                    assertThat(out).as(snippet.toString()).contains(" chat");
                }
                case JAVA_PROGRAM -> program(snippet);
                case WEBSOCKET -> webSocket(snippet);
            }
        }

        /**
         * A block the prose names, saved as the reader saves it; the rest are checked on their own.
         * A class saved must not be on wsgate's class path already, so that what serves it is the
         * README's own compilation, found through {@code --classpath}.
         */
        private void save(Snippet snippet) throws IOException {
            if (snippet.file().isEmpty()) {
                return;
            }
            if (kind(snippet) == Kind.JAVA_FILE) {
                String resource = JavaSources.className(snippet.text()).replace('.', '/') + ".class";
                assertThat(ClassLoader.getSystemClassLoader().getResource(resource))
                        .as(snippet + ": a class not on wsgate's own class path")
                        .isNull();
            }
            Files.writeString(dir.resolve(snippet.file().orElseThrow()), rewrite(snippet.text(), rewrites));
        }

        private void shell(Snippet snippet) {
            List<String> lines = snippet.text().lines().toList();
            String last = lines.getLast();
            boolean serves = last.startsWith("./wsgate serve ");
            assertThat(lines.subList(0, lines.size() - 1))
                    .as(snippet + ": serve holds the terminal, so only a block's last line can start it")
                    .noneMatch(line -> line.startsWith("./wsgate serve"));
            String text = commands(rewrite(
                    String.join("\n", serves ? lines.subList(0, lines.size() - 1) : lines) + "\n", rewrites));
            String out = text.isBlank() ? "" : shell.run(text);
            if (text.contains("io.wsgate.app.Main validate ")) {
                assertThat(out).as(snippet.toString()).contains(": OK (");
            }
            if (serves) {
                serve(snippet, last);
            }
            // What the reader then sees in wscat: the pushed text, then the close.
            for (var entry : clientsById.entrySet()) {
                if (!text.contains(entry.getKey())) {
                    continue;
                }
                if (text.contains("post-to-connection")) {
                    assertThat(entry.getValue().awaitMessage())
                            .as(snippet.toString())
                            .isEqualTo("hello");
                }
                if (text.contains("delete-connection")) {
                    assertThat(entry.getValue().awaitClose().code())
                            .as(snippet.toString())
                            .isEqualTo(1000);
                }
            }
        }

        /** The programs' names and the jar's class path rewritten, as the class's Javadoc says. */
        private String commands(String text) {
            String wsgate = "'" + JavaSources.jdkTool("java") + "' '@" + classPathArgs + "' " + Main.class.getName();
            return text.replace("-cp wsgate-server/target/wsgate-server.jar", "'@" + classPathArgs + "'")
                    .replaceAll("(?m)^\\./wsgate ", Matcher.quoteReplacement(wsgate + " "))
                    .replaceAll("(?m)^javac ", Matcher.quoteReplacement("'" + JavaSources.jdkTool("javac") + "' "));
        }

        /**
         * {@code ./wsgate serve ARGS}, started in the reader's directory on a free port in place of
         * its {@code --port}, which a wscat block must then reach.
         */
        private void serve(Snippet snippet, String line) {
            var args = new ArrayList<>(
                    List.of(line.substring("./wsgate serve ".length()).strip().split("\\s+")));
            int port = args.indexOf("--port");
            assertThat(port)
                    .as(snippet + ": a second serve needs a --port of its own")
                    .isNotNegative()
                    .isLessThan(args.size() - 1);
            String address = "127.0.0.1:" + args.get(port + 1);
            args.set(port + 1, "0");
            var process = GatewayProcess.serveIn(dir, args.toArray(String[]::new));
            started.add(process);
            rewrites.put(address, "127.0.0.1:" + listeningPort(process));
            unreached.add(address);
        }

        /** A whole program, started as {@code java -cp ... Echo.java}; it must come up listening. */
        private void program(Snippet snippet) throws IOException {
            String name = JavaSources.className(snippet.text());
            assertThat(snippet.text())
                    .as(snippet + " listens where its wscat lines go")
                    .contains(".port(8082)");
            Path file = dir.resolve(name + ".java");
            Files.writeString(file, snippet.text().replace(".port(8082)", ".port(0)"));
            var program = GatewayProcess.java(file.toString());
            started.add(program);
            rewrites.put("127.0.0.1:8082", "127.0.0.1:" + listeningPort(program));
        }

        private void webSocket(Snippet snippet) {
            for (String line : snippet.text().lines().toList()) {
                if (line.startsWith("wscat -c ")) {
                    unreached.removeIf(line::contains);
                    session = TestClient.connect(URI.create(rewrite(line.substring("wscat -c ".length()), rewrites)));
                    started.add(session);
                } else if (line.startsWith("> ")) {
                    session.send(line.substring(2));
                } else if (line.startsWith("< ")) {
                    expect(snippet, line.substring(2), session.awaitMessage());
                } else if (!line.isBlank()) {
                    throw new AssertionError(snippet + ": not a wscat line: " + line);
                }
            }
        }

        /**
         * {@code actual} must be {@code shown} but for the ids in it, which are the reader's own;
         * the README's example ids then stand for them in what follows.
         */
        private void expect(Snippet snippet, String shown, String actual) {
            var pattern = new StringBuilder();
            var examples = new ArrayList<String>();
            Matcher id = ANSWER_ID.matcher(shown);
            int at = 0;
            while (id.find()) {
                pattern.append(Pattern.quote(shown.substring(at, id.start())))
                        .append(Pattern.quote("\"" + id.group(1) + "\":\""))
                        .append("([A-Za-z0-9_=-]+)\"");
                examples.add(id.group(2));
                at = id.end();
            }
            pattern.append(Pattern.quote(shown.substring(at)));
            Matcher got = Pattern.compile(pattern.toString()).matcher(actual);
            assertThat(got.matches())
                    .as(snippet + ": expected " + shown + " but got " + actual)
                    .isTrue();
            for (int i = 0; i < examples.size(); i++) {
                rewrites.put(examples.get(i), got.group(i + 1));
            }
            String connectionId = Pattern.compile("\"connectionId\":\"([^\"]+)\"")
                    .matcher(actual)
                    .results()
                    .map(r -> r.group(1))
                    .findFirst()
                    .orElse(null);
            if (connectionId != null) {
                clientsById.put(connectionId, session);
            }
        }

        private static int listeningPort(GatewayProcess process) {
            Matcher matcher = LISTENING.matcher(process.awaitLine(LISTENING.asPredicate()));
            matcher.find();
            return Integer.parseInt(matcher.group(1));
        }

        @Override
        public void close() throws IOException {
            for (AutoCloseable each : started.reversed()) {
                try {
                    each.close();
                } catch (Exception e) {
                    // the others still close
                }
            }
        }
    }
}
