package io.wsgate.integration;

import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * In-process handlers by Lambda function name: an {@code AWS_PROXY} integration whose URI names a
 * function registered here runs it on a virtual thread (on the event loop if its class is marked
 * {@link NonBlocking}) instead of calling Lambda. A handler is a {@link WebSocketHandler}, or a
 * Lambda {@code RequestHandler} or {@code RequestStreamHandler}.
 */
public final class Functions {
    private final Map<String, Registered> byName;

    private Functions(Map<String, Registered> byName) {
        this.byName = Map.copyOf(byName);
    }

    /**
     * A function and how it runs.
     *
     * @param nonBlocking whether its class is marked {@link NonBlocking}: called on the event loop
     * @param json the handler called with any JSON payload (an authorizer's event), as Lambda calls
     *     it; {@code null} for a {@link WebSocketHandler}, which takes WebSocket events only
     */
    record Registered(LocalFunction function, boolean nonBlocking, LambdaHandlers.JsonHandler json) {
        static Registered of(Object handler, LocalFunction function, LambdaHandlers.JsonHandler json) {
            return new Registered(function, handler.getClass().isAnnotationPresent(NonBlocking.class), json);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The function registered under {@code name:qualifier}, else under {@code name}. */
    Optional<Registered> find(FunctionName function) {
        if (function.qualifier().isPresent()) {
            Registered qualified = byName.get(function.toString());
            if (qualified != null) {
                return Optional.of(qualified);
            }
        }
        return Optional.ofNullable(byName.get(function.name()));
    }

    public boolean contains(FunctionName function) {
        return find(function).isPresent();
    }

    public Set<String> names() {
        return byName.keySet();
    }

    @Override
    public String toString() {
        return "Functions" + byName.keySet();
    }

    /** Registers handlers by name. */
    public static final class Builder {
        private final Map<String, Registered> byName = new LinkedHashMap<>();

        private Builder() {}

        public Builder handler(String name, WebSocketHandler handler) {
            byName.put(
                    name,
                    Registered.of(
                            handler,
                            (event, context) -> {
                                Reply reply = handler.handle(event, context);
                                return (reply == null ? Reply.ok() : reply).toResponse();
                            },
                            null));
            return this;
        }

        /**
         * Registers {@code handler}: a {@link WebSocketHandler}, a Lambda {@code RequestHandler} or a
         * {@code RequestStreamHandler}.
         *
         * @throws IllegalArgumentException for anything else
         */
        public Builder add(String name, Object handler) {
            if (handler instanceof WebSocketHandler ws) {
                return handler(name, ws);
            }
            if (LambdaHandlers.accepts(handler)) {
                byName.put(
                        name,
                        Registered.of(
                                handler, LambdaHandlers.adapt(name, handler), LambdaHandlers.json(name, handler)));
                return this;
            }
            throw new IllegalArgumentException(handler.getClass().getName() + " is not a handler (expected: it to"
                    + " implement io.wsgate.integration.WebSocketHandler, or Lambda's RequestHandler or"
                    + " RequestStreamHandler)");
        }

        /**
         * Registers a new instance of the class named {@code className}, made with its public
         * no-argument constructor, as Lambda does.
         *
         * @throws IllegalArgumentException saying why the class cannot be used
         */
        public Builder className(String name, String className) {
            return className(name, className, Thread.currentThread().getContextClassLoader());
        }

        /**
         * As {@link #className(String, String)}, the class loaded by {@code loader}: one that adds the
         * user's directories and jars to wsgate's class path, say.
         */
        public Builder className(String name, String className, ClassLoader loader) {
            return add(name, instantiate(className, loader));
        }

        /** wsgate's own class path, then the entries {@code loader} adds to it. */
        private static String searched(ClassLoader loader) {
            var added = new java.util.ArrayList<String>();
            for (ClassLoader l = loader; l != null; l = l.getParent()) {
                if (l instanceof java.net.URLClassLoader urls) {
                    for (java.net.URL url : urls.getURLs()) {
                        try {
                            added.add(java.nio.file.Path.of(url.toURI()).toString());
                        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                            added.add(url.toString());
                        }
                    }
                }
            }
            return added.isEmpty()
                    ? "wsgate's own; add directories or jars with --classpath or gateway.classpath"
                    : "wsgate's own, then " + String.join(", ", added);
        }

        public Functions build() {
            return new Functions(byName);
        }

        private static Object instantiate(String className, ClassLoader loader) {
            Class<?> type;
            try {
                type = Class.forName(className, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalArgumentException(
                        "class '" + className + "' not found on the class path (searched: " + searched(loader) + ")");
            }
            try {
                return type.getConstructor().newInstance();
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(className + " has no public no-argument constructor");
            } catch (InvocationTargetException e) {
                throw new IllegalArgumentException(
                        "the constructor of " + className + " threw " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot create " + className + ": " + e);
            }
        }
    }
}
