package io.wsgate.config;

import io.wsgate.auth.Identity;
import io.wsgate.model.Api;
import io.wsgate.model.Problem;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A configuration file, read: its APIs, the in-process functions it names (function name to class
 * name), the gateway's settings, and the problems found in it. An API with problems is left out of
 * {@link #apis()}; whoever uses the file adds the problems it finds itself (a class that will not
 * load, a function nobody registered) and reports them all at once with {@link #report(List)}.
 */
public final class ConfigFile {
    private final GatewaySettings settings;
    private final List<java.nio.file.Path> classpath;
    private final Map<String, String> functions;
    private final List<io.wsgate.model.RuntimeFunction> runtimeFunctions;
    private final List<Identity> identities;
    private final List<io.wsgate.model.ApiKey> apiKeys;
    private final List<io.wsgate.model.UsagePlan> usagePlans;
    private final List<Api> apis;
    private final List<Api> incompleteApis;
    private final Lines lines;
    private final List<Problem> problems;

    ConfigFile(
            GatewaySettings settings,
            List<java.nio.file.Path> classpath,
            Map<String, String> functions,
            List<io.wsgate.model.RuntimeFunction> runtimeFunctions,
            List<Identity> identities,
            List<io.wsgate.model.ApiKey> apiKeys,
            List<io.wsgate.model.UsagePlan> usagePlans,
            List<Api> apis,
            List<Api> incompleteApis,
            Lines lines,
            List<Problem> problems) {
        this.settings = settings;
        this.classpath = List.copyOf(classpath);
        this.problems = List.copyOf(problems);
        this.functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions)); // in the order written
        this.runtimeFunctions = List.copyOf(runtimeFunctions);
        this.identities = List.copyOf(identities);
        this.apiKeys = List.copyOf(apiKeys);
        this.usagePlans = List.copyOf(usagePlans);
        this.apis = List.copyOf(apis);
        this.incompleteApis = List.copyOf(incompleteApis);
        this.lines = lines;
    }

    public String name() {
        return lines.file();
    }

    public GatewaySettings settings() {
        return settings;
    }

    /** {@code gateway.classpath}: where {@link #functions()}' classes are looked for, absolute, in order. */
    public List<java.nio.file.Path> classpath() {
        return classpath;
    }

    public Map<String, String> functions() {
        return functions;
    }

    /** The functions with a {@code runtime} that runs in a child process (Node.js, Python), in the order written. */
    public List<io.wsgate.model.RuntimeFunction> runtimeFunctions() {
        return runtimeFunctions;
    }

    /** {@code identities:}: the callers SigV4 signatures are checked against, in the order written. */
    public List<Identity> identities() {
        return identities;
    }

    /** {@code apiKeys:}, the keys {@code apiKeyRequired} lets in when a plan of the stage has them. */
    public List<io.wsgate.model.ApiKey> apiKeys() {
        return apiKeys;
    }

    /** {@code usagePlans:}: the stages each key opens, with their throttles and quotas. */
    public List<io.wsgate.model.UsagePlan> usagePlans() {
        return usagePlans;
    }

    public List<Api> apis() {
        return apis;
    }

    /**
     * The APIs with problems, as far as they could be read, with defaults standing in for what
     * could not: never to be served, only checked for what else would stop them from being served
     * (integration types, authorization, stage variables), so that one run reports every problem.
     */
    public List<Api> incompleteApis() {
        return incompleteApis;
    }

    /** What is wrong in the file itself; empty when nothing is. */
    public List<Problem> problems() {
        return problems;
    }

    /** {@code found} with the lines their paths are on, as one exception to report. */
    public ConfigException report(List<Problem> found) {
        return new ConfigException(lines.file(), lines.locate(found));
    }

    @Override
    public String toString() {
        return "ConfigFile{" + name() + " apis=" + apis.stream().map(Api::name).toList() + "}";
    }
}
