package io.wsgate.integration;

import io.wsgate.connection.Connections;
import io.wsgate.connection.LocalConnections;
import io.wsgate.model.InvalidModelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs an in-process function on a new virtual thread per event. If the future completes first
 * (the timeout fired), the thread is interrupted. A function marked {@link NonBlocking} is called
 * on the caller's thread (the connection's event loop) and its future is complete on return.
 */
public final class FunctionInvoker implements Invoker {
    private final LocalFunction function;
    private final boolean inline;
    private final String functionName;
    private final Connections connections;
    private final long timeoutNanos;

    /**
     * @param connections the management operations the handler sees, usually scoped to its API and
     *     stage
     */
    public FunctionInvoker(Functions functions, FunctionName name, Connections connections, int timeoutInMillis) {
        Functions.Registered registered = functions
                .find(name)
                .orElseThrow(() -> new IllegalArgumentException("no function registered as '" + name + "'"));
        this.function = registered.function();
        this.inline = registered.nonBlocking();
        this.functionName = name.toString();
        this.connections = connections;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutInMillis);
    }

    /**
     * Serves {@code AWS_PROXY} integrations whose URI names a function in {@code functions}, and
     * hands the others to {@code otherwise} (Lambda itself).
     */
    public static InvokerFactory factory(Functions functions, LocalConnections connections, InvokerFactory otherwise) {
        InvokerFactory local = factory(functions, connections);
        return (api, stage, integration) -> {
            return functions.contains(FunctionName.of(integration))
                    ? local.create(api, stage, integration)
                    : otherwise.create(api, stage, integration);
        };
    }

    /**
     * Checks {@code AWS_PROXY} integrations as {@link #factory(Functions, LocalConnections,
     * InvokerFactory)} serves them, without binding anything: a function in {@code functions} is
     * accepted, the others go to {@code otherwise}, a checker too.
     */
    public static InvokerFactory checker(Functions functions, InvokerFactory otherwise) {
        return (api, stage, integration) -> functions.contains(FunctionName.of(integration))
                ? InvokerFactory.UNBOUND
                : otherwise.create(api, stage, integration);
    }

    /**
     * Serves {@code AWS_PROXY} integrations whose URI names a function in {@code functions}; each
     * handler sees {@code connections} scoped to its API and stage.
     */
    public static InvokerFactory factory(Functions functions, LocalConnections connections) {
        return (api, stage, integration) -> {
            FunctionName name = FunctionName.of(integration);
            if (!functions.contains(name)) {
                throw new InvalidModelException(
                        "integrationUri",
                        "unknown function '" + name + "' (expected one of: "
                                + String.join(", ", new java.util.TreeSet<>(functions.names()))
                                + "; AWS_PROXY functions run in-process: register them under 'functions')");
            }
            return new FunctionInvoker(
                    functions,
                    name,
                    connections.scopedTo(api.apiId(), stage.stageName()),
                    integration.timeoutInMillis());
        };
    }

    /**
     * Calls functions in {@code functions} with any JSON payload (an authorizer's event), as
     * Lambda calls them, and hands the other names to {@code otherwise}. Such a function must be a
     * Lambda {@code RequestHandler} or {@code RequestStreamHandler}; a {@link WebSocketHandler}
     * takes WebSocket events only. What it throws fails the call with the exception's class name
     * as {@code errorType} and its message as {@code errorMessage}, as Lambda's Java runtime
     * reports them.
     *
     * @param timeoutInMillis how long the handler's context says it has
     */
    public static FunctionBinder binder(
            Functions functions, LocalConnections connections, int timeoutInMillis, FunctionBinder otherwise) {
        return (api, stage, name) -> {
            Functions.Registered registered = callable(functions, name);
            if (registered == null) {
                return otherwise.bind(api, stage, name);
            }
            Connections scoped = connections.scopedTo(api.apiId(), stage.stageName());
            String functionName = name.toString();
            long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutInMillis);
            return payload -> run(functionName, registered.nonBlocking(), () -> {
                var context = new HandlerContext(scoped, functionName, System.nanoTime() + timeoutNanos);
                try {
                    return new FunctionResult.Returned(registered.json().call(payload, context));
                } catch (Throwable e) {
                    return FunctionResult.Failed.thrown(e);
                }
            });
        };
    }

    /** As {@link #binder}, binding nothing: for checks. */
    public static FunctionBinder checkingBinder(Functions functions, FunctionBinder otherwise) {
        return (api, stage, name) ->
                callable(functions, name) == null ? otherwise.bind(api, stage, name) : FunctionBinder.UNBOUND;
    }

    /**
     * The function {@code name} in {@code functions}, or null when there is none there.
     *
     * @throws InvalidModelException when it is a {@link WebSocketHandler}
     */
    private static Functions.Registered callable(Functions functions, FunctionName name) {
        Functions.Registered registered = functions.find(name).orElse(null);
        if (registered != null && registered.json() == null) {
            throw new InvalidModelException(
                    "authorizerUri",
                    "function '" + name + "' is a WebSocketHandler, which takes WebSocket events only"
                            + " (expected: a Lambda RequestHandler or RequestStreamHandler)");
        }
        return registered;
    }

    @Override
    public CompletableFuture<IntegrationResult> invoke(WebSocketEvent event) {
        var context = new HandlerContext(connections, functionName, System.nanoTime() + timeoutNanos);
        return run(functionName, inline, () -> call(event, context));
    }

    /** {@code call} on the caller's thread when {@code inline}, else on a virtual thread of its own. */
    private static <T> CompletableFuture<T> run(String functionName, boolean inline, Supplier<T> call) {
        return inline
                ? CompletableFuture.completedFuture(call.get())
                : VirtualThreads.call("wsgate-fn-" + functionName, call);
    }

    private IntegrationResult call(WebSocketEvent event, HandlerContext context) {
        try {
            return function.call(event, context);
        } catch (Throwable e) {
            return new IntegrationResult.Failed(IntegrationResult.Failure.ERROR, functionName + " threw " + e);
        }
    }

    @Override
    public String toString() {
        return "FunctionInvoker{" + functionName + (inline ? " inline" : "") + "}";
    }
}
