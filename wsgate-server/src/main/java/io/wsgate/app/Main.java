package io.wsgate.app;

import io.wsgate.config.ConfigException;
import io.wsgate.config.ConfigFile;
import io.wsgate.config.ConfigLoader;
import io.wsgate.config.Durations;
import io.wsgate.config.GatewaySettings;
import io.wsgate.model.InvalidModelException;
import io.wsgate.model.Problem;
import io.wsgate.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The command line: {@code wsgate serve|validate|connections|version}. */
@Command(
        name = "wsgate",
        description = "A WebSocket API gateway with the programming model of Amazon API Gateway WebSocket APIs.",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        subcommands = {
            Main.Serve.class,
            Main.Validate.class,
            ConnectionsCommand.class,
            Main.PrintVersion.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    /** The example served when no file is given. */
    static final String EXAMPLE = "examples/chat.yaml";

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line, with {@code connections send} and {@code kick} taking an argument that
     * starts with '-' as a connection id (ids are URL-safe base64, which may begin with one).
     */
    static CommandLine commandLine() {
        var cli = new CommandLine(new Main());
        var connections = cli.getSubcommands().get("connections");
        for (String name : List.of("send", "kick")) {
            connections.getSubcommands().get(name).setUnmatchedOptionsArePositionalParams(true);
        }
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "serve",
            description = "Runs the gateway on a configuration file, or on the chat example.",
            mixinStandardHelpOptions = true,
            versionProvider = Main.VersionProvider.class)
    static final class Serve implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", description = "YAML or JSON file (default: the chat example)")
        Path config;

        @CommandLine.Mixin
        UserClasspath user = new UserClasspath();

        @Option(names = "--port", description = "port to listen on, 0 for any (default: the file's, else 8080)")
        Integer port;

        @Option(names = "--host", description = "address to listen on (default: the file's, else 127.0.0.1)")
        String host;

        @Option(
                names = "--drain-timeout",
                paramLabel = "DURATION",
                description = "shutdown drain window, ISO-8601 (PT10S) or 10s")
        String drainTimeout;

        @Option(
                names = "--control-host",
                description = "the control plane's address (default: the file's, else 127.0.0.1)")
        String controlHost;

        @Option(
                names = "--control-port",
                description = "the control plane's port, 0 for any (default: the file's, else 8081)")
        Integer controlPort;

        @Option(
                names = "--data-dir",
                paramLabel = "DIR",
                description = "where the control plane keeps its state (default: the file's, else ./wsgate-data)")
        Path dataDir;

        @Option(names = "--no-control", description = "run without the control plane")
        boolean noControl;

        @CommandLine.Mixin
        Templates stacks = new Templates();

        @Option(
                names = "--dynamodb-endpoint",
                paramLabel = "URL",
                description = "a local DynamoDB (dynalite, DynamoDB Local) where the templates' tables are made; the"
                        + " functions get it as AWS_ENDPOINT_URL_DYNAMODB")
        java.net.URI dynamodb;

        @Option(
                names = "--log-format",
                paramLabel = "FORMAT",
                description = "text (the default) or json: one JSON object a line, for log shippers")
        LogFormat logFormat;

        @Option(
                names = "--otlp-endpoint",
                paramLabel = "URL",
                description = "send spans over OTLP/HTTP to this traces URL, such as http://127.0.0.1:4318/v1/traces"
                        + " (default: gateway.tracing, else OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or"
                        + " OTEL_EXPORTER_OTLP_ENDPOINT; none: no spans)")
        String otlpEndpoint;

        @Option(names = "--no-watch", description = "do not make the --template stacks again when their files change")
        boolean noWatch;

        @Option(
                names = "--node-modules",
                paramLabel = "DIR",
                description = "a node_modules directory every Node.js function finds packages in after its own, as"
                        + " Lambda's runtime provides the AWS SDK for JavaScript v3 (gateway.runtimes.node-modules)")
        Path nodeModules;

        @Option(
                names = "--tls-port",
                description = "also listen with TLS on this port (needs --tls-cert and --tls-key)")
        Integer tlsPort;

        @Option(names = "--tls-cert", paramLabel = "PEM", description = "certificate chain for the TLS listener")
        Path tlsCert;

        @Option(names = "--tls-key", paramLabel = "PEM", description = "private key for the TLS listener")
        Path tlsKey;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            if (logFormat != null) {
                logFormat.apply();
            }
            ConfigFile file;
            try {
                file = config != null
                        ? ConfigLoader.load(config)
                        : stacks.templates.isEmpty() ? example() : ConfigLoader.parse("(no --config)", "{}");
            } catch (ConfigException e) {
                err.print(e.report());
                err.flush();
                return 1;
            }
            List<Path> extra = classpath(user.classpath, err);
            if (extra == null) {
                return 1;
            }
            Gateway.Builder builder = config == null && !stacks.templates.isEmpty()
                    ? Gateway.builder().settings(GatewaySettings.DEFAULT)
                    : Gateway.fromFile(file, extra);
            if (config == null && stacks.templates.isEmpty()) {
                spec.commandLine().getOut().println("No --config given: serving the chat example (" + EXAMPLE + ").");
                spec.commandLine().getOut().flush();
            }
            if (port != null) {
                builder.port(port);
            }
            if (host != null) {
                builder.host(host);
            }
            if (drainTimeout != null) {
                builder.drainTimeout(duration(drainTimeout));
            }
            if (nodeModules != null) {
                Path dir = nodeModules.toAbsolutePath().normalize();
                if (!java.nio.file.Files.isDirectory(dir)) {
                    err.println("--node-modules: '" + nodeModules + "' is not a directory (" + dir + ")");
                    err.flush();
                    return 1;
                }
                builder.settings(builder.settings()
                        .withRuntimes(builder.settings().runtimes().withNodeModules(dir)));
            }
            try {
                builder.settings(builder.settings()
                        .withTracing(tracing(otlpEndpoint, builder.settings().tracing(), System::getenv)));
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                err.flush();
                return 1;
            }
            if (!noControl) {
                var control = builder.settings().control().orElse(GatewaySettings.Control.DEFAULT);
                if (controlHost != null) {
                    control = control.withHost(controlHost);
                }
                if (controlPort != null) {
                    control = control.withPort(controlPort);
                }
                if (dataDir != null) {
                    control = control.withDataDirectory(dataDir);
                }
                builder.settings(builder.settings().withControl(java.util.Optional.of(control)));
            } else {
                builder.settings(builder.settings().withControl(java.util.Optional.empty()));
            }
            if (tlsPort != null || tlsCert != null || tlsKey != null) {
                if (tlsPort == null || tlsCert == null || tlsKey == null) {
                    err.println("--tls-port, --tls-cert and --tls-key go together");
                    err.flush();
                    return 1;
                }
                builder.tls(tlsPort, tlsCert, tlsKey);
            }
            var outputs = new java.util.ArrayList<java.util.Map.Entry<String, String>>();
            if (!stacks.templates.isEmpty()) {
                if (noControl) {
                    err.println("--template needs the control plane, which makes the stacks' APIs: drop --no-control");
                    err.flush();
                    return 1;
                }
                List<Problem> problems = Stacks.makeAll(
                        stacks.sources(),
                        builder.settings().control().orElseThrow(),
                        builder,
                        spec.commandLine().getOut(),
                        outputs,
                        dynamodb);
                if (!problems.isEmpty()) {
                    problems.forEach(p -> err.println("  " + p));
                    err.flush();
                    return 1;
                }
            }
            Gateway gateway;
            try {
                gateway = builder.start();
            } catch (InvalidModelException e) {
                err.print(file.report(e.problems()).report());
                err.flush();
                return 1;
            } catch (IllegalStateException | StoreException e) {
                err.println(e.getMessage());
                err.flush();
                return 1;
            }
            for (var output : outputs) {
                spec.commandLine()
                        .getOut()
                        .println("output " + output.getKey() + " = " + Stacks.local(output.getValue(), gateway));
            }
            spec.commandLine().getOut().flush();
            if (!stacks.templates.isEmpty() && !noWatch) {
                StackWatcher.start(
                        stacks.sources(), gateway, builder.settings().control().orElseThrow(), dynamodb);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "wsgate-shutdown"));
            try {
                gateway.terminated().get(); // a signal's shutdown hook stops the gateway
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }

    /**
     * Where spans go: {@code --otlp-endpoint} (keeping the file's other tracing settings), else the
     * file's {@code gateway.tracing}, else OpenTelemetry's variables.
     *
     * @throws IllegalArgumentException naming the option or variable, for an endpoint that is not a URL
     */
    static java.util.Optional<GatewaySettings.Tracing> tracing(
            String option,
            java.util.Optional<GatewaySettings.Tracing> file,
            java.util.function.Function<String, String> env) {
        if (option != null) {
            java.net.URI uri = GatewaySettings.Tracing.endpoint(option)
                    .orElseThrow(() -> new IllegalArgumentException("--otlp-endpoint: '" + option
                            + "' (expected: an http or https URL, such as" + " http://127.0.0.1:4318/v1/traces)"));
            String service = env.apply("OTEL_SERVICE_NAME");
            return java.util.Optional.of(file.map(
                            t -> new GatewaySettings.Tracing(uri, t.serviceName(), t.sampleRatio(), t.exportDelay()))
                    .orElseGet(() -> new GatewaySettings.Tracing(
                            uri,
                            service == null || service.isBlank()
                                    ? GatewaySettings.Tracing.DEFAULT_SERVICE_NAME
                                    : service,
                            1.0,
                            GatewaySettings.Tracing.DEFAULT_EXPORT_DELAY)));
        }
        return file.isPresent() ? file : GatewaySettings.Tracing.fromEnvironment(env);
    }

    @Command(
            name = "validate",
            description = "Checks a configuration file without starting anything; exits 1 and lists every problem if"
                    + " it has any.",
            mixinStandardHelpOptions = true,
            versionProvider = Main.VersionProvider.class)
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "0..1", description = "YAML or JSON file")
        Path file;

        @CommandLine.Mixin
        Templates stacks = new Templates();

        @CommandLine.Mixin
        UserClasspath user = new UserClasspath();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (file == null && stacks.templates.isEmpty()) {
                err.println("validate needs a FILE or --template PATH");
                err.flush();
                return 2;
            }
            if (!stacks.templates.isEmpty()) {
                return templates(out, err);
            }
            try {
                ConfigFile config = ConfigLoader.load(file);
                List<Path> extra = classpath(user.classpath, err);
                if (extra == null) {
                    return 1;
                }
                List<Problem> problems = Gateway.fromFile(config, extra).check();
                if (!problems.isEmpty()) {
                    throw config.report(problems);
                }
                long stages =
                        config.apis().stream().mapToLong(a -> a.stages().size()).sum();
                out.println(file + ": OK (" + config.apis().size() + " APIs, " + stages + " stages)");
                out.flush();
                return 0;
            } catch (ConfigException e) {
                err.print(e.report());
                err.flush();
                return 1;
            }
        }

        /**
         * The templates made as serve would make them, in a data directory of their own that is
         * removed after: the data directory serve uses is not touched.
         */
        private int templates(PrintWriter out, PrintWriter err) {
            Path scratch;
            try {
                scratch = java.nio.file.Files.createTempDirectory("wsgate-validate-");
            } catch (java.io.IOException e) {
                err.println("cannot make a scratch directory: " + e.getMessage());
                err.flush();
                return 1;
            }
            try {
                Gateway.Builder builder = Gateway.builder();
                var control = GatewaySettings.Control.DEFAULT.withDataDirectory(scratch);
                var problems = new java.util.ArrayList<>(Stacks.makeAll(stacks.sources(), control, builder, out));
                problems.addAll(builder.check());
                if (!problems.isEmpty()) {
                    err.println(problems.size() + (problems.size() == 1 ? " problem" : " problems"));
                    problems.forEach(p -> err.println("  " + p));
                    err.flush();
                    return 1;
                }
                int functions = builder.functions().size();
                out.println(stacks.templates + ": OK (" + functions + (functions == 1 ? " function)" : " functions)"));
                out.flush();
                return 0;
            } finally {
                Stacks.deleteTree(scratch);
            }
        }
    }

    @Command(
            name = "version",
            description = "Prints the version.",
            mixinStandardHelpOptions = true,
            versionProvider = Main.VersionProvider.class)
    static final class PrintVersion implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println("wsgate " + Version.current());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** How the log is written: {@code serve --log-format}. */
    enum LogFormat {
        text,
        json;

        /**
         * Makes the log this format from now on: for {@code json}, the console appender of
         * wsgate's {@code logback.xml} ({@code CONSOLE}) writes each event as one JSON object a line
         * (logback's {@code JsonEncoder}: timestamp, level, thread, logger, the formatted message,
         * MDC, a throwable's frames). A logging configuration of the user's own, without that
         * appender, is left as it is, and said so.
         */
        void apply() {
            if (this == text) {
                return;
            }
            if (!(org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context)
                    || !(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE")
                            instanceof
                            ch.qos.logback.core.OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>
                                    console)) {
                System.err.println(
                        "--log-format json: the logging configuration has no CONSOLE appender; left as it is");
                return;
            }
            var encoder = new ch.qos.logback.classic.encoder.JsonEncoder();
            encoder.setContext(context);
            encoder.setWithFormattedMessage(true);
            encoder.setWithMessage(false);
            encoder.setWithArguments(false);
            encoder.setWithSequenceNumber(false);
            encoder.setWithNanoseconds(false);
            encoder.setWithContext(false);
            encoder.start();
            console.stop();
            console.setEncoder(encoder);
            console.start();
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"wsgate " + Version.current()};
        }
    }

    /** The chat example, from the class path. */
    static ConfigFile example() {
        try (InputStream in = Main.class.getClassLoader().getResourceAsStream(EXAMPLE)) {
            if (in == null) {
                throw new IllegalStateException(EXAMPLE + " is missing from the class path");
            }
            return ConfigLoader.parse(EXAMPLE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + EXAMPLE, e);
        }
    }

    /** {@code --classpath}, which {@code serve} and {@code validate} both take. */
    /** {@code --template} and {@code --parameter-overrides}, as serve and validate take them. */
    static final class Templates {
        @Option(
                names = "--template",
                paramLabel = "PATH",
                description = "a CloudFormation or SAM template, a serverless.yml, or a CDK cloud assembly (cdk.out),"
                        + " to run (or, for validate, check) as its stack; repeatable")
        List<Path> templates = new java.util.ArrayList<>();

        @Option(
                names = "--parameter-overrides",
                paramLabel = "KEY=VALUE",
                split = " ",
                description = "values for the templates' Parameters")
        java.util.Map<String, String> overrides = new java.util.LinkedHashMap<>();

        @Option(
                names = "--stage",
                paramLabel = "STAGE",
                description = "the stage a serverless.yml is made for, as the framework's --stage (${opt:stage},"
                        + " ${sls:stage}); default: its provider.stage, else dev")
        String stage;

        Stacks.Sources sources() {
            return new Stacks.Sources(
                    templates, overrides, stage == null ? java.util.Map.of() : java.util.Map.of("stage", stage));
        }
    }

    static final class UserClasspath {
        @Option(
                names = "--classpath",
                paramLabel = "PATH",
                description = "directories and jars holding the classes 'functions' names, separated by '"
                        + "${sys:path.separator}', relative to the working directory; looked in after wsgate's own")
        String classpath;
    }

    /**
     * {@code --classpath}'s entries, absolute; null, once said why on {@code err}, when one does not
     * exist.
     */
    static List<Path> classpath(String option, PrintWriter err) {
        if (option == null) {
            return List.of();
        }
        var entries = new java.util.ArrayList<Path>();
        for (String entry : option.split(java.util.regex.Pattern.quote(java.io.File.pathSeparator))) {
            if (entry.isEmpty()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath().normalize();
            if (!java.nio.file.Files.exists(path)) {
                err.println("--classpath: '" + entry + "' not found at " + path + " (expected: a directory or a jar)");
                err.flush();
                return null;
            }
            entries.add(path);
        }
        return entries;
    }

    static Duration duration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(new Main()), "--drain-timeout " + e.getMessage());
        }
    }
}
