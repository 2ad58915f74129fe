package io.wsgate.runtime;

import io.wsgate.model.RuntimeFunction;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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
    private final Callbacks callbacks;

    Launch(Path bootstraps, Map<String, String> inherited) {
        this(bootstraps, inherited, Callbacks.NONE);
    }

    Launch(Path bootstraps, Map<String, String> inherited, Callbacks callbacks) {
        this.bootstraps = bootstraps;
        this.inherited = Map.copyOf(inherited);
        this.callbacks = callbacks;
    }

    static String binary(RuntimeFunction.Runtime runtime) {
        return runtime.node() ? "node" : "python3";
    }

    static Optional<Path> onPath(String binary, String pathVariable) {
        return RuntimeHost.find(binary, pathVariable);
    }

    /** wsgate's region, else us-east-1. */
    static String region(Map<String, String> inherited) {
        return Optional.ofNullable(inherited.get("AWS_REGION"))
                .or(() -> Optional.ofNullable(inherited.get("AWS_DEFAULT_REGION")))
                .filter(r -> !r.isBlank())
                .orElse("us-east-1");
    }

    ProcessBuilder builder(RuntimeFunction function, int port) {
        String script = function.runtime().node() ? "node/bootstrap.mjs" : "python/bootstrap.py";
        var builder = new ProcessBuilder(
                binary(function.runtime()), bootstraps.resolve(script).toString());
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
            env.put("NODE_PATH", function.code().resolve("node_modules").toString());
        }
        env.putAll(function.variables()); // the function's own, as on Lambda, win over the defaults
        callbacks.apply(function.name(), function.variables(), env);
        return env;
    }

    /** Lambda's form: {@code 2024/05/01/[$LATEST]} and 32 hex digits. */
    private static String logStream() {
        return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd")) + "/[$LATEST]"
                + UUID.randomUUID().toString().replace("-", "");
    }
}
