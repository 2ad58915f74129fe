package io.wsgate.integration;

import io.wsgate.connection.Connections;
import io.wsgate.connection.LocalConnections;
import io.wsgate.model.InvalidModelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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

    @Override
    public CompletableFuture<IntegrationResult> invoke(WebSocketEvent event) {
        var context = new HandlerContext(connections, functionName, System.nanoTime() + timeoutNanos);
        if (inline) {
            return CompletableFuture.completedFuture(call(event, context));
        }
        var result = new CompletableFuture<IntegrationResult>();
        var answered = new AtomicBoolean();
        Thread thread = Thread.ofVirtual().name("wsgate-fn-" + functionName).start(() -> {
            IntegrationResult outcome = call(event, context);
            answered.set(true); // before completing: what completion runs must not see an interrupt
            result.complete(outcome);
        });
        result.whenComplete((r, e) -> {
            if (!answered.get()) {
                thread.interrupt(); // the timeout came first
            }
        });
        return result;
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
