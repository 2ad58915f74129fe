package io.wsgate.app;

import io.wsgate.control.ControlService;
import io.wsgate.model.Problem;
import io.wsgate.model.RuntimeFunction;
import io.wsgate.runtime.RuntimeHost;
import io.wsgate.template.TemplateText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stacks {@code serve --template} and {@code validate --template} run: which files and cloud
 * assemblies hold which stacks, a serverless.yml compiled first, each made as a {@link
 * TemplateStack} through the control plane's service (offline before the gateway starts, the
 * running gateway's on a reload), their deployed stages checked, and their outputs given as
 * wsgate's URLs.
 */
final class Stacks {
    private Stacks() {}

    /**
     * What to make stacks of: template files, serverless.yml files or CDK cloud assemblies; values
     * for their {@code Parameters}; the framework's options a serverless.yml reads ({@code stage}).
     */
    record Sources(List<Path> templates, Map<String, String> overrides, Map<String, String> options) {}

    /**
     * Makes the stacks of {@code sources} in the control plane's data directory, before the gateway
     * starts, and gives {@code builder} their functions; says on {@code out} what each stack holds.
     * Returns every problem, each with its file.
     */
    static List<Problem> makeAll(
            Sources sources,
            io.wsgate.config.GatewaySettings.Control control,
            Gateway.Builder builder,
            java.io.PrintWriter out) {
        return makeAll(sources, control, builder, out, new ArrayList<>(), null);
    }

    /** As above, adding each stack's outputs ({@code Stack.Name}, value as CloudFormation gives it) to {@code outputs}. */
    static List<Problem> makeAll(
            Sources sources,
            io.wsgate.config.GatewaySettings.Control control,
            Gateway.Builder builder,
            java.io.PrintWriter out,
            List<Map.Entry<String, String>> outputs,
            java.net.URI dynamodb) {
        var problems = new ArrayList<Problem>();
        var stacks = stacks(sources.templates(), problems);
        if (!problems.isEmpty()) {
            return problems;
        }
        try (var store = io.wsgate.store.StateStore.open(control.dataDirectory())) {
            var service = offline(store, control);
            Path inline = inlineCode(control);
            make(
                    stacks,
                    sources,
                    service,
                    control,
                    inline,
                    builder::function,
                    builder::logRetention,
                    out,
                    outputs,
                    dynamodb,
                    problems);
            if (problems.isEmpty()) {
                problems.addAll(undeployable(store.state(), builder));
            }
        }
        return problems;
    }

    /**
     * Makes the stacks of {@code sources} again in a running {@code gateway}, as a redeployment: first
     * in a scratch data directory, so that a template with problems changes nothing (they are
     * returned); then the functions are redefined ({@link Gateway#redefine}) and the stacks made
     * through the gateway's own control plane, which deploys them as it deploys any change. The APIs
     * keep their ids (a stack finds its earlier APIs by their logical-id tag), so clients' URLs and open connections stay.
     */
    static List<Problem> reload(
            Sources sources, Gateway gateway, io.wsgate.config.GatewaySettings.Control control, java.net.URI dynamodb) {
        var problems = new ArrayList<Problem>();
        var stacks = stacks(sources.templates(), problems);
        if (!problems.isEmpty()) {
            return problems;
        }
        Path inline = inlineCode(control);
        var quiet = new java.io.PrintWriter(java.io.Writer.nullWriter());
        var functions = new ArrayList<RuntimeFunction>();
        Path scratch;
        try {
            scratch = java.nio.file.Files.createTempDirectory("wsgate-reload-");
        } catch (java.io.IOException e) {
            return List.of(new Problem("", "cannot make a scratch directory: " + e.getMessage()));
        }
        try (var store = io.wsgate.store.StateStore.open(scratch)) {
            var trial = offline(store, control);
            make(
                    stacks,
                    sources,
                    trial,
                    control,
                    inline,
                    functions::add,
                    (group, days) -> {},
                    quiet,
                    new ArrayList<>(),
                    dynamodb,
                    problems);
        } finally {
            deleteTree(scratch);
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        problems.addAll(RuntimeHost.problems(functions, gateway.runtimeSettings()));
        if (!problems.isEmpty()) {
            return problems;
        }
        gateway.redefine(functions);
        make(
                stacks,
                sources,
                gateway.controlService(),
                control,
                inline,
                f -> {},
                gateway.accessLogs()::retention,
                quiet,
                new ArrayList<>(),
                dynamodb,
                problems);
        return problems;
    }

    /** Where the stacks' inline code ({@code Code.ZipFile}) is written to run: in the data directory. */
    private static Path inlineCode(io.wsgate.config.GatewaySettings.Control control) {
        return control.dataDirectory().toAbsolutePath().resolve("inline-code");
    }

    /**
     * What would stop the deployed stages in {@code state} from being served by a gateway built by
     * {@code builder}: an integration or authorizer naming a function that is neither the stacks'
     * nor reachable, say. Checked as the gateway checks a file, without binding or starting anything.
     */
    static List<Problem> undeployable(com.fasterxml.jackson.databind.node.ObjectNode state, Gateway.Builder builder) {
        var problems = new ArrayList<Problem>();
        var deployed = io.wsgate.control.Snapshots.deployedStages(
                state, (where, e) -> problems.add(new Problem("stage " + where, e.getMessage())));
        for (var api : deployed) {
            try {
                builder.checker().deploy(List.of(api));
            } catch (io.wsgate.model.InvalidModelException e) {
                String where =
                        "stage " + api.apiId() + "/" + api.stages().get(0).stageName() + " of API " + api.name();
                e.problems().forEach(p -> problems.add(new Problem(where + ": " + p.path(), p.message())));
            }
        }
        return problems;
    }

    /**
     * The control plane's operations on {@code store}, with no gateway serving it: an API's endpoint
     * is its AWS URL, which {@link #local} and the functions' variables make wsgate's where they are
     * used, and deployments are not checked against a gateway ({@link #undeployable} does that after).
     */
    private static ControlService offline(
            io.wsgate.store.StateStore store, io.wsgate.config.GatewaySettings.Control control) {
        return new ControlService(new io.wsgate.control.ControlContext(
                store,
                control.region(),
                control.accountId(),
                apiId -> "wss://" + apiId + ".execute-api." + control.region() + ".amazonaws.com",
                api -> List.of(),
                java.time.Clock.systemUTC()));
    }

    /** The stacks {@code templates} hold, by name; a path that is neither a file nor an assembly is a problem. */
    private static List<Map.Entry<String, Path>> stacks(List<Path> templates, List<Problem> problems) {
        var stacks = new ArrayList<Map.Entry<String, Path>>();
        for (Path path : templates) {
            if (io.wsgate.template.CloudAssembly.is(path)) {
                var read = io.wsgate.template.CloudAssembly.read(path);
                problems.addAll(read.problems());
                read.stacks().forEach(s -> stacks.add(Map.entry(s.name().replace('/', '-'), s.template())));
            } else if (java.nio.file.Files.isRegularFile(path)) {
                stacks.add(Map.entry(stackName(path), path));
            } else {
                problems.add(new Problem(
                        path.toString(),
                        "no such file or cloud assembly (expected: a template, a serverless.yml, or"
                                + " the cdk.out directory cdk synth writes)"));
            }
        }
        return stacks;
    }

    private static void make(
            List<Map.Entry<String, Path>> stacks,
            Sources sources,
            ControlService service,
            io.wsgate.config.GatewaySettings.Control control,
            Path inline,
            java.util.function.Consumer<RuntimeFunction> functionsOut,
            java.util.function.BiConsumer<String, java.util.OptionalInt> retentionsOut,
            java.io.PrintWriter out,
            List<Map.Entry<String, String>> outputs,
            java.net.URI dynamodb,
            List<Problem> problems) {
        for (var entry : stacks) {
            Path file = entry.getValue().toAbsolutePath();
            String text;
            try {
                text = java.nio.file.Files.readString(file);
            } catch (java.io.IOException e) {
                problems.add(new Problem(file.toString(), "cannot read it: " + e.getMessage()));
                continue;
            }
            var read = read(text, entry.getKey(), sources.options(), control.region());
            var stack = new TemplateStack(
                    read.template(),
                    file.getParent(),
                    read.name(),
                    sources.overrides(),
                    control.region(),
                    control.accountId());
            stack.inlineCodeIn(inline);
            List<RuntimeFunction> functions = stack.make(service, dynamodb);
            stack.notServedBefore(read.notServed());
            stack.problems().forEach(p -> problems.add(new Problem(file + ": " + p.path(), p.message())));
            functions.forEach(functionsOut);
            stack.logGroups().forEach(retentionsOut);
            out.println("stack " + read.name() + " (" + file + "): " + functions.size()
                    + (functions.size() == 1 ? " function" : " functions")
                    + (stack.accepted().isEmpty() ? "" : "; accepted, not run: " + String.join(", ", stack.accepted()))
                    + (stack.notServed().isEmpty() ? "" : "; not served: " + String.join(", ", stack.notServed())));
            stack.outputs()
                    .fields()
                    .forEachRemaining(o -> outputs.add(Map.entry(
                            read.name() + "." + o.getKey(),
                            o.getValue().path("Value").asText())));
        }
        out.flush();
    }

    static void deleteTree(Path dir) {
        try (var files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        } catch (java.io.IOException e) {
            // a scratch directory left in the temporary directory
        }
    }

    /**
     * The stack a template file runs as: its name without the extension, or, for SAM's usual
     * {@code template.yaml}, the name of its directory, so that two projects' stacks differ.
     */
    static String stackName(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        Path directory = file.toAbsolutePath().normalize().getParent();
        return name.equals("template") && directory != null && directory.getFileName() != null
                ? directory.getFileName().toString()
                : name;
    }

    /** A file's template, under the stack name it runs as, with what it asks for that is not served. */
    record Read(String name, TemplateText.Parsed template, List<String> notServed) {}

    /**
     * {@code text} as a template: a serverless.yml compiled (its variables resolved with {@code
     * options}' {@code stage}, wsgate's environment and {@code region}), under the framework's
     * stack name {@code {service}-{stage}}; anything else as it is, under {@code name}.
     */
    static Read read(String text, String name, Map<String, String> options, String region) {
        TemplateText.Parsed parsed = TemplateText.read(text);
        if (!io.wsgate.template.ServerlessStack.is(parsed.root())) {
            return new Read(name, parsed, List.of());
        }
        var problems = new ArrayList<>(parsed.problems());
        var given = new LinkedHashMap<>(options);
        given.putIfAbsent("region", region);
        var variables = new io.wsgate.template.ServerlessVariables(parsed.root(), given, System.getenv(), problems);
        String stage = variables.stage();
        var compiled = io.wsgate.template.ServerlessStack.compile(variables.resolveAll(), stage, problems);
        return new Read(
                compiled.stackName(),
                new TemplateText.Parsed(compiled.template(), parsed.lines(), problems),
                compiled.notServed());
    }

    private static final java.util.regex.Pattern AWS_URL = java.util.regex.Pattern.compile(
            "(https|wss)://([A-Za-z0-9]+)\\.execute-api\\.[a-z0-9-]+\\.amazonaws\\.com(?::443)?(?:/([^/\\s]+)(/\\S*)?)?");

    /**
     * {@code value} as it is here: an API's AWS URL ({@code wss://{apiId}.execute-api.../{stage}}
     * or its {@code https://} callback URL, or the API's endpoint without a stage, its {@code
     * ApiEndpoint}) as {@code gateway}'s own, anything else as it is.
     */
    static String local(String value, Gateway gateway) {
        java.util.regex.Matcher m = AWS_URL.matcher(value.trim());
        if (!m.matches()) {
            return value;
        }
        if (m.group(3) == null) {
            String stageUrl = gateway.stageUrl(m.group(2), "-").toString();
            String endpoint = stageUrl.substring(0, stageUrl.length() - 2);
            return m.group(1).equals("wss") ? endpoint : endpoint.replaceFirst("^ws", "http");
        }
        String rest = m.group(4) == null ? "" : m.group(4);
        java.net.URI url = m.group(1).equals("wss")
                ? gateway.stageUrl(m.group(2), m.group(3))
                : gateway.managementUrl(m.group(2), m.group(3));
        return url + rest;
    }
}
