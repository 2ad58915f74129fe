package io.wsgate.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.wsgate.auth.Identity;
import io.wsgate.model.Api;
import io.wsgate.model.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the declarative file. A file that cannot be read or parsed throws {@link
 * ConfigException}; otherwise every problem in it is collected, with its line, in {@link
 * ConfigFile#problems()}, and the APIs without problems are read.
 *
 * <pre>{@code
 * gateway: {port: 8080}
 * functions: {ChatConnect: io.wsgate.example.chat.ConnectHandler}
 * apis:
 *   - name: chat
 *     routeSelectionExpression: $request.body.action
 *     integrations:
 *       - {integrationId: connect, integrationType: AWS_PROXY, integrationUri: ChatConnect}
 *     routes:
 *       - {routeKey: $connect, target: integrations/connect}
 *     stages:
 *       - stageName: dev
 * }</pre>
 *
 * Every stage of the file serves its API's routes as written (the deployment {@value
 * Api#INITIAL_DEPLOYMENT}). Relative file paths in the file are taken from the file's directory.
 */
public final class ConfigLoader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ConfigLoader() {}

    /**
     * @throws ConfigException when the file cannot be read or is not YAML or JSON
     */
    public static ConfigFile load(Path file) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(
                    name, List.of(new LocatedProblem(name, 0, new Problem("", "cannot read the file: " + e))));
        }
        return parse(name, text, file.toAbsolutePath().getParent());
    }

    /**
     * Reads {@code text} as the file named {@code name}: JSON if the name ends in {@code .json},
     * else YAML.
     *
     * @throws ConfigException when the text is not YAML or JSON
     */
    public static ConfigFile parse(String name, String text) {
        return parse(name, text, Path.of(""));
    }

    /** As {@link #parse(String, String)}, with relative paths in the file taken from {@code base}. */
    private static ConfigFile parse(String name, String text, Path base) {
        JsonFactory factory = name.endsWith(".json") ? new JsonFactory() : new YAMLFactory();
        var lines = new Lines(name);
        Map<String, Integer> pointerLines;
        JsonNode root;
        try {
            pointerLines = pointerLines(factory, text);
            root = new ObjectMapper(factory).readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ConfigException(
                    name,
                    List.of(new LocatedProblem(
                            name,
                            at == null ? 0 : at.getLineNr(),
                            new Problem("", "not valid: " + e.getOriginalMessage()))));
        } catch (IOException e) {
            throw new ConfigException(name, List.of(new LocatedProblem(name, 0, new Problem("", e.toString()))));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException(
                    name,
                    List.of(new LocatedProblem(name, 1, new Problem("", "empty (expected: an object with apis)"))));
        }
        var problems = new ArrayList<Problem>();
        var context = new Members.Context(pointerLines, lines, problems);
        if (!root.isObject()) {
            throw new ConfigException(
                    name, List.of(new LocatedProblem(name, 1, new Problem("", "expected an object with apis"))));
        }
        var top = new Members(root, "", "", context);
        Optional<Members> gateway = top.object("gateway");
        GatewaySettings settings =
                gateway.map(g -> SettingsReader.read(g, base)).orElse(GatewaySettings.DEFAULT);
        List<Path> classpath =
                gateway.map(g -> SettingsReader.classpath(g, base)).orElse(List.of());
        gateway.ifPresent(Members::finish);
        FunctionReader.Read functions = FunctionReader.read(top, base);
        List<Identity> identities = IdentityReader.read(top);
        var apis = new ArrayList<Api>();
        var incomplete = new ArrayList<Api>();
        List<Members> apiMembers = top.objects("apis", "name");
        if (apiMembers.isEmpty() && problems.isEmpty()) {
            top.problem("apis", "no APIs (expected: a list of at least one API)");
        }
        for (Members api : apiMembers) {
            ApiReader.read(api, incomplete).ifPresent(apis::add);
        }
        UsagePlanReader.Read plans = UsagePlanReader.read(top, apis, java.time.Instant.now());
        top.finish();
        return new ConfigFile(
                settings,
                classpath,
                functions.classes(),
                functions.runtimes(),
                identities,
                plans.keys(),
                plans.plans(),
                apis,
                incomplete,
                lines,
                problems);
    }

    /** The line each JSON Pointer of the document starts on. */
    private static Map<String, Integer> pointerLines(JsonFactory factory, String text) throws IOException {
        var lines = new HashMap<String, Integer>();
        try (JsonParser parser = factory.createParser(text)) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            Deque<String> path = new ArrayDeque<>();
            Deque<Integer> index = new ArrayDeque<>(); // -1 for objects, next index for arrays
            String field = null;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME) {
                    field = parser.currentName();
                    lines.put(
                            pointer(path) + "/" + Members.escape(field),
                            parser.currentTokenLocation().getLineNr());
                    continue;
                }
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    index.pop();
                    if (!path.isEmpty()) {
                        path.removeLast();
                    }
                    continue;
                }
                String step = null;
                if (!index.isEmpty()) {
                    int i = index.pop();
                    if (i >= 0) {
                        step = Integer.toString(i);
                        lines.put(
                                pointer(path) + "/" + step,
                                parser.currentTokenLocation().getLineNr());
                        index.push(i + 1);
                    } else {
                        step = Members.escape(field);
                        index.push(-1);
                    }
                }
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    if (step != null) {
                        path.addLast(step);
                    } else {
                        path.addLast(""); // the root
                    }
                    index.push(token == JsonToken.START_OBJECT ? -1 : 0);
                }
            }
        }
        return lines;
    }

    private static String pointer(Deque<String> path) {
        var out = new StringBuilder();
        boolean first = true;
        for (String step : path) {
            if (first) {
                first = false; // the root's placeholder
                continue;
            }
            out.append('/').append(step);
        }
        return out.toString();
    }
}
