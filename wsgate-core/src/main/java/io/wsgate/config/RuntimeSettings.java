package io.wsgate.config;

import io.wsgate.model.RuntimeFunction;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which programs run the processes of local functions ({@code gateway.runtimes} in the file):
 * an interpreter per runtime family or per Lambda runtime, and what speaks the Lambda Runtime API
 * inside Node.js processes. Without any, Node.js functions run {@code node} from the PATH and
 * Python ones {@code pythonX.Y} (their runtime's version) if it is on the PATH and starts, else
 * {@code python3}, both with wsgate's own bootstrap.
 *
 * <pre>{@code
 * gateway:
 *   runtimes:
 *     python: /usr/bin/python3.11      # every Python function
 *     python3.8: /opt/py38/bin/python  # the python3.8 ones: a runtime's own wins over its family's
 *     node: /opt/node22/bin/node
 *     node-client: aws-lambda-ric      # the official client, from the function's node_modules
 *     node-modules: ../sdk/node_modules # what Lambda's Node.js runtime provides: the AWS SDK v3
 * }</pre>
 *
 * @param interpreters by family ({@value #NODE}, {@value #PYTHON}) or by Lambda runtime ({@code
 *     python3.12}): a path, or a name without a slash, which is looked up on the PATH
 * @param nodeClient what runs a Node.js function's handler
 * @param nodeModules a {@code node_modules} directory that every Node.js function finds packages
 *     in after its own, as a Lambda function finds the AWS SDK for JavaScript v3 that the runtime
 *     holds although its code does not: on {@code NODE_PATH} after the code's {@code node_modules}
 *     (ES modules reach it through wsgate's bootstrap, which makes {@code import} look there too)
 */
public record RuntimeSettings(Map<String, Path> interpreters, NodeClient nodeClient, Optional<Path> nodeModules) {
    public static final String NODE = "node";
    public static final String PYTHON = "python";

    /** Nothing named: interpreters from the PATH, wsgate's bootstraps. */
    public static final RuntimeSettings DEFAULT = new RuntimeSettings(Map.of(), NodeClient.WSGATE, Optional.empty());

    /** What speaks the Lambda Runtime API in a Node.js function's process. */
    public enum NodeClient {
        /** wsgate's bootstrap, shipped in its jar: nothing to install. */
        WSGATE("wsgate"),
        /**
         * The official runtime interface client, {@code aws-lambda-ric} from npm, which the user
         * installs with their code ({@code npm install aws-lambda-ric}; it builds native code):
         * {@code node node_modules/.bin/aws-lambda-ric HANDLER}, found in the function's {@code
         * code} directory or the nearest one above it with a {@code node_modules}.
         */
        AWS_LAMBDA_RIC("aws-lambda-ric");

        private final String id;

        NodeClient(String id) {
            this.id = id;
        }

        /** The name the file uses. */
        public String id() {
            return id;
        }

        public static Optional<NodeClient> of(String id) {
            for (NodeClient c : values()) {
                if (c.id.equals(id)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    public RuntimeSettings {
        Objects.requireNonNull(nodeClient, "nodeClient");
        Objects.requireNonNull(nodeModules, "nodeModules");
        interpreters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(interpreters)); // in the order named
        for (String key : interpreters.keySet()) {
            if (!keys().contains(key)) {
                throw new IllegalArgumentException(
                        "runtimes." + key + ": unknown (expected one of: " + String.join(", ", keys()) + ")");
            }
        }
    }

    /** What {@code interpreters} may be keyed by: the two families, then every runtime. */
    public static List<String> keys() {
        var keys = new java.util.ArrayList<>(List.of(NODE, PYTHON));
        for (RuntimeFunction.Runtime runtime : RuntimeFunction.Runtime.values()) {
            keys.add(runtime.id());
        }
        return keys;
    }

    /** The family key of {@code runtime}: {@value #NODE} or {@value #PYTHON}. */
    public static String family(RuntimeFunction.Runtime runtime) {
        return runtime.node() ? NODE : PYTHON;
    }

    /**
     * The interpreter named for {@code runtime}, with the key it was named under ({@code
     * python3.12}, else {@code python}); empty when none is.
     */
    public Optional<Map.Entry<String, Path>> interpreter(RuntimeFunction.Runtime runtime) {
        for (String key : List.of(runtime.id(), family(runtime))) {
            Path path = interpreters.get(key);
            if (path != null) {
                return Optional.of(Map.entry(key, path));
            }
        }
        return Optional.empty();
    }

    /** With {@code path} as the interpreter for {@code key} (a family or a runtime id). */
    public RuntimeSettings withInterpreter(String key, Path path) {
        var copy = new LinkedHashMap<>(interpreters);
        copy.put(key, path);
        return new RuntimeSettings(copy, nodeClient, nodeModules);
    }

    public RuntimeSettings withNodeClient(NodeClient value) {
        return new RuntimeSettings(interpreters, value, nodeModules);
    }

    /** With {@code directory} as the packages every Node.js function finds after its own. */
    public RuntimeSettings withNodeModules(Path directory) {
        return new RuntimeSettings(interpreters, nodeClient, Optional.of(directory));
    }
}
