package io.wsgate.runtime;

import io.wsgate.config.RuntimeSettings;
import io.wsgate.model.RuntimeFunction;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The command and environment of a function's process. The environment is Lambda's, not
 * wsgate's: nothing of wsgate's own leaks in but the credentials, the region, the endpoint
 * overrides and {@code PATH} (a handler that runs a program finds it, as on Lambda, which sets
 * {@code PATH} too). Credentials are stand-ins when wsgate has none, so that an SDK in the handler
 * never falls back on a profile or instance metadata and reaches a real account by accident. What
 * lets the function call the gateway back (certificates to trust, its own URL in place of an API's
 * AWS URL) comes from {@link Callbacks}.
 */
final class Launch {
    private static final List<String> PASSED =
            List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "PATH");

    private final Path bootstraps;
    private final Map<String, String> inherited;
    private final RuntimeSettings runtimes;
    private final Callbacks callbacks;
    private final Map<RuntimeFunction.Runtime, String> binaries = new ConcurrentHashMap<>();

    Launch(Path bootstraps, Map<String, String> inherited) {
        this(bootstraps, inherited, RuntimeSettings.DEFAULT, Callbacks.NONE);
    }

    Launch(Path bootstraps, Map<String, String> inherited, Callbacks callbacks) {
        this(bootstraps, inherited, RuntimeSettings.DEFAULT, callbacks);
    }

    Launch(Path bootstraps, Map<String, String> inherited, RuntimeSettings runtimes) {
        this(bootstraps, inherited, runtimes, Callbacks.NONE);
    }

    Launch(Path bootstraps, Map<String, String> inherited, RuntimeSettings runtimes, Callbacks callbacks) {
        this.bootstraps = bootstraps;
        this.inherited = Map.copyOf(inherited);
        this.runtimes = runtimes;
        this.callbacks = callbacks;
    }

    /**
     * The interpreter {@code runtime}'s processes run, as {@link Interpreters} chooses it on the
     * PATH wsgate was given; found once (which may start a process to try one, so the first call
     * must not be on an event loop), the bare name when none is found, so that starting fails
     * naming it.
     */
    String binary(RuntimeFunction.Runtime runtime) {
        return binaries.computeIfAbsent(
                runtime,
                r -> Interpreters.find(r, runtimes, inherited.get("PATH"))
                        .map(Path::toString)
                        .orElse(Interpreters.fallback(r)));
    }

    /** wsgate's region, else us-east-1. */
    static String region(Map<String, String> inherited) {
        return Optional.ofNullable(inherited.get("AWS_REGION"))
                .or(() -> Optional.ofNullable(inherited.get("AWS_DEFAULT_REGION")))
                .filter(r -> !r.isBlank())
                .orElse("us-east-1");
    }

    /**
     * The interpreter running wsgate's bootstrap; or, for Node.js with {@code node-client:
     * aws-lambda-ric}, the official client from the function's {@code node_modules} with the
     * handler as its argument, as its documentation starts it.
     */
    ProcessBuilder builder(RuntimeFunction function, int port) {
        String binary = binary(function.runtime());
        List<String> command;
        if (function.runtime().node() && runtimes.nodeClient() == RuntimeSettings.NodeClient.AWS_LAMBDA_RIC) {
            Path client = Interpreters.awsLambdaRic(function.code())
                    .orElse(function.code().resolve("node_modules/.bin/aws-lambda-ric"));
            command = List.of(binary, client.toString(), function.handler());
        } else {
            String script = function.runtime().node() ? "node/bootstrap.mjs" : "python/bootstrap.py";
            command = List.of(binary, bootstraps.resolve(script).toString());
        }
        var builder = new ProcessBuilder(command);
        builder.directory(function.code().toFile());
        builder.environment().clear();
        builder.environment().putAll(environment(function, port));
        return builder;
    }

    Map<String, String> environment(RuntimeFunction function, int port) {
        var env = new java.util.LinkedHashMap<String, String>();
        for (String name : PASSED) {
            Optional.ofNullable(inherited.get(name)).ifPresent(v -> env.put(name, v));
        }
        inherited.forEach((name, value) -> {
            if (name.startsWith("AWS_ENDPOINT_URL_")) {
                env.put(name, value);
            }
        });
        if (!env.containsKey("AWS_ACCESS_KEY_ID") || !env.containsKey("AWS_SECRET_ACCESS_KEY")) {
            env.put("AWS_ACCESS_KEY_ID", "wsgate");
            env.put("AWS_SECRET_ACCESS_KEY", "wsgate");
            env.remove("AWS_SESSION_TOKEN");
        }
        String region = region(inherited);
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + port);
        env.put("_HANDLER", function.handler());
        env.put("LAMBDA_TASK_ROOT", function.code().toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memorySize()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStream());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime().id());
        env.put("TZ", ":UTC");
        if (function.runtime().node()) {
            String own = function.code().resolve("node_modules").toString();
            env.put(
                    "NODE_PATH",
                    runtimes.nodeModules()
                            .map(shared -> own + java.io.File.pathSeparator + shared)
                            .orElse(own));
        } else {
            // No __pycache__ written into the user's code (Lambda's is read-only, so none is there
            // either): Python trusts a .pyc whose source has the same size and mtime second, so one
            // written in the second before an edit of the same length would hide the edit from the
            // reloaded process (seen: 'hello' edited to 'hallo' answered 'hello').
            env.put("PYTHONDONTWRITEBYTECODE", "1");
        }
        env.putAll(function.variables()); // the function's own, as on Lambda, win over the defaults
        callbacks.apply(function, env);
        return env;
    }

    /** Lambda's form: {@code 2024/05/01/[$LATEST]} and 32 hex digits. */
    private static String logStream() {
        return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd")) + "/[$LATEST]"
                + UUID.randomUUID().toString().replace("-", "");
    }
}
