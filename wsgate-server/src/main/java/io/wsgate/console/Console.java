package io.wsgate.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.wsgate.auth.Iam;
import io.wsgate.auth.Identity;
import io.wsgate.auth.SigV4;
import io.wsgate.connection.Connection;
import io.wsgate.connection.ConnectionRegistry;
import io.wsgate.connection.Connections;
import io.wsgate.model.AccessLogSettings;
import io.wsgate.model.Api;
import io.wsgate.model.Stage;
import io.wsgate.observe.Counter;
import io.wsgate.observe.CounterSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console and the endpoints it reads, served on the control-plane listener.
 *
 * <p>{@code /console/} is a page of plain HTML, CSS and JavaScript from this package's resources
 * (nothing is built with Node.js). It reads wsgate's own endpoints, which the CLI ({@code wsgate
 * connections}) and anyone with curl may call too; AWS has no equivalent of them:
 *
 * <pre>
 *  GET    /wsgate/session               whether a sign-in is needed, and who is signed in
 *  POST   /wsgate/session               sign in: {"accessKeyId", "secretAccessKey"[, "sessionToken"]}
 *  DELETE /wsgate/session               sign out
 *  GET    /wsgate/apis                  every API served, with its routes, integrations, authorizers, deployments, stages
 *  GET    /wsgate/connections           ?apiId=&amp;stage=&amp;filter=&amp;limit=&amp;nextToken=  live connections, oldest first
 *  GET    /wsgate/connections/{id}      one connection
 *  POST   /wsgate/connections/{id}      send the body to it, as PostToConnection
 *  DELETE /wsgate/connections/{id}      close it with 1000, as DeleteConnection
 *  GET    /wsgate/metrics               the counters and the live connections per stage, as JSON
 *  GET    /wsgate/access-log            ?apiId=&amp;stage=&amp;lines=  the last lines of the stage's access log
 * </pre>
 *
 * <p>Without identities everything is open, as the control plane is (both bind loopback unless
 * told otherwise). With identities, each call is made as an identity and its policy must allow it,
 * as IAM would: reading APIs and metrics {@code apigateway:GET} on {@code
 * arn:aws:apigateway:{region}::/apis}; listing, sending and closing {@code
 * execute-api:ManageConnections} on the stage's {@code @connections} ARN ({@code GET/@connections},
 * {@code POST/@connections/{id}}, {@code DELETE/@connections/{id}}); the access log {@code
 * logs:GetLogEvents} on its log group's ARN. A call is made as an identity either by a SigV4
 * signature (for {@code apigateway}, as the control plane's) or by the cookie a sign-in sets.
 *
 * <p>Every {@code POST} and {@code DELETE}, and every call made with the cookie, must carry the
 * header {@code X-Wsgate-Console} (any value): a page of another site cannot send it without the
 * browser asking first (CORS), which nothing here answers, so it cannot act with the user's cookie
 * or on a loopback console without identities. Errors are answered as the control plane's are:
 * {@code {"message"}} with {@code x-amzn-ErrorType}; each is counted in {@code console.refused}.
 */
public final class Console implements Handler<HttpServerRequest> {
    private static final Logger log = LoggerFactory.getLogger(Console.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The paths served, as a regular expression for the listener. */
    public static final String PATHS = "/console(/.*)?|/wsgate(/.*)?";

    /** Where the page is. */
    public static final String PAGE = "/console/";

    /** The cookie a sign-in sets. */
    static final String COOKIE = "wsgate-console";

    /** The header every change and every cookie call must carry. */
    public static final String HEADER = "X-Wsgate-Console";

    /** The largest body accepted: a sign-in, or a message sent (AWS's PostToConnection limit). */
    static final int MAX_BODY_BYTES = 128 * 1024;

    /** How many connections a page lists when {@code limit} is not given, and at most. */
    static final int DEFAULT_LIMIT = 100;

    static final int MAX_LIMIT = 1000;

    /** The longest {@code filter} taken. */
    static final int MAX_FILTER = 256;

    /** How many access log lines are read when {@code lines} is not given, and at most. */
    static final int DEFAULT_LINES = 100;

    static final int MAX_LINES = 1000;

    /** How much of the end of a log file is read for its last lines. */
    static final int TAIL_BYTES = 512 * 1024;

    private static final Map<String, String> ASSETS = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; connect-src 'self' ws: wss:;"
            + " img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";

    /** An API the gateway serves, and where it comes from ({@code file}, {@code control plane}). */
    public record ServedApi(Api api, String source) {}

    private final Vertx vertx;
    private final Iam iam;
    private final String region;
    private final String accountId;
    private final Supplier<List<ServedApi>> apis;
    private final BiFunction<String, String, URI> stageUrl;
    private final ConnectionRegistry registry;
    private final Connections connections;
    private final CounterSet counters;
    private final Function<String, Optional<Path>> logGroups;
    private final Clock clock;
    private final Sessions sessions;
    private final Map<String, Buffer> assets = new HashMap<>();

    /**
     * @param iam the identities calls are made as, checking signatures for {@code apigateway}
     * @param apis every API served, read at each call
     * @param stageUrl the WebSocket URL of a stage, by API id and stage name
     * @param connections what sends to and closes a connection, as the {@code @connections} API does
     * @param logGroups the directory of a log group's day files, by its name; empty when access logs go to stdout
     */
    public Console(
            Vertx vertx,
            Iam iam,
            String region,
            String accountId,
            Supplier<List<ServedApi>> apis,
            BiFunction<String, String, URI> stageUrl,
            ConnectionRegistry registry,
            Connections connections,
            CounterSet counters,
            Function<String, Optional<Path>> logGroups,
            Clock clock) {
        this.vertx = vertx;
        this.iam = iam;
        this.region = region;
        this.accountId = accountId;
        this.apis = apis;
        this.stageUrl = stageUrl;
        this.registry = registry;
        this.connections = connections;
        this.counters = counters;
        this.logGroups = logGroups;
        this.clock = clock;
        this.sessions = new Sessions(clock);
        for (String name : ASSETS.keySet()) {
            try (InputStream in = Console.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("the console's " + name + " is missing from the class path");
                }
                assets.put(name, Buffer.buffer(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void handle(HttpServerRequest request) {
        counters.increment(Counter.CONSOLE_REQUEST);
        String path = request.path();
        if (path.equals("/console")) {
            request.response().setStatusCode(302).putHeader("Location", PAGE).end();
        } else if (path.startsWith("/console/")) {
            asset(request, path.substring("/console/".length()));
        } else {
            read(request, body -> {
                try {
                    endpoint(request, body);
                } catch (ConsoleError e) {
                    refuse(request, e);
                }
            });
        }
    }

    private void asset(HttpServerRequest request, String name) {
        String file = name.isEmpty() ? "index.html" : name;
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            refuse(request, ConsoleError.methodNotAllowed(request));
            return;
        }
        Buffer content = assets.get(file);
        if (content == null) {
            refuse(request, ConsoleError.notFound("No console file at " + request.path()));
            return;
        }
        request.response()
                .putHeader("Content-Type", ASSETS.get(file))
                .putHeader("Cache-Control", "no-cache")
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .end(request.method() == HttpMethod.HEAD ? Buffer.buffer() : content);
    }

    /** Reads the whole body, up to {@link #MAX_BODY_BYTES}; past that, 413 and the connection closes. */
    private void read(HttpServerRequest request, java.util.function.Consumer<byte[]> whole) {
        var body = Buffer.buffer();
        boolean[] over = {false};
        request.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                over[0] = true;
                request.response().putHeader("Connection", "close");
                refuse(
                        request,
                        new ConsoleError(
                                413,
                                "PayloadTooLargeException",
                                "Request must be smaller than " + MAX_BODY_BYTES + " bytes"));
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(v -> {
            if (!over[0]) {
                whole.accept(body.getBytes());
            }
        });
        request.exceptionHandler(e -> log.debug("console request failed: {}", e.toString()));
    }

    private void endpoint(HttpServerRequest request, byte[] body) {
        List<String> segments = segments(request.path());
        HttpMethod method = request.method();
        if (segments.size() == 2 && segments.get(1).equals("session")) {
            session(request, body);
            return;
        }
        String resource = segments.size() >= 2 ? segments.get(1) : "";
        boolean known = switch (resource) {
            case "apis", "metrics", "access-log" -> segments.size() == 2;
            case "connections" -> segments.size() == 2 || segments.size() == 3;
            default -> false;
        };
        if (!known) {
            throw ConsoleError.notFound("No console endpoint at " + request.path());
        }
        boolean change = method == HttpMethod.POST || method == HttpMethod.DELETE;
        boolean allowed = segments.size() == 3
                ? method == HttpMethod.GET || change
                : method == HttpMethod.GET || method == HttpMethod.HEAD;
        if (!allowed) {
            throw ConsoleError.methodNotAllowed(request);
        }
        Optional<Identity> caller = caller(request, body, change);
        switch (resource) {
            case "apis" -> {
                allow(caller, "apigateway:GET", "arn:aws:apigateway:" + region + "::/apis");
                answer(request, 200, apisView());
            }
            case "metrics" -> {
                allow(caller, "apigateway:GET", "arn:aws:apigateway:" + region + "::/apis");
                answer(request, 200, metricsView());
            }
            case "access-log" -> accessLog(request, caller);
            default -> {
                if (segments.size() == 2) {
                    answer(request, 200, list(request, caller));
                } else {
                    connection(request, caller, segments.get(2), body);
                }
            }
        }
    }

    /** The path's segments after the leading slash, each decoded; a segment that does not decode is refused. */
    private static List<String> segments(String path) {
        var list = new ArrayList<String>();
        for (String raw : path.substring(1).split("/", -1)) {
            try {
                list.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ConsoleError.notFound("No console endpoint at " + path);
            }
        }
        return list;
    }

    // ---- who calls

    /**
     * The identity the call is made as; empty when no identity is configured (everything is open).
     *
     * @throws ConsoleError 403 when the call is unsigned, badly signed, or lacks the header it needs
     */
    private Optional<Identity> caller(HttpServerRequest request, byte[] body, boolean change) {
        boolean marked = request.getHeader(HEADER) != null;
        if (!iam.enforced()) {
            if (change && !marked) {
                throw ConsoleError.unmarked();
            }
            return Optional.empty();
        }
        Cookie cookie = request.getCookie(COOKIE);
        Optional<Identity> signedIn = sessions.find(cookie == null ? null : cookie.getValue());
        if (signedIn.isPresent()) {
            if (!marked) {
                throw ConsoleError.unmarked();
            }
            return signedIn;
        }
        if (change && !marked) {
            throw ConsoleError.unmarked();
        }
        var headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
        return switch (iam.authenticate(
                SigV4.Request.of(request.method().name(), request.path(), request.query(), headers, body))) {
            case Iam.Decision.Allowed signed -> Optional.of(signed.identity());
            case Iam.Decision.Refused refused -> {
                counters.increment(refused.counter());
                throw new ConsoleError(
                        403,
                        refused.errorType(),
                        refused.counter() == Counter.AUTH_UNSIGNED
                                ? refused.message() + ": sign the request for apigateway, or sign in at " + PAGE
                                : refused.message());
            }
        };
    }

    /** Refuses with IAM's 403 unless {@code caller} may do {@code action} on {@code resource}. */
    private void allow(Optional<Identity> caller, String action, String resource) {
        if (!permits(caller, action, resource)) {
            var refused = (Iam.Decision.Refused) Iam.authorize(caller.orElseThrow(), action, resource);
            counters.increment(refused.counter());
            throw new ConsoleError(403, refused.errorType(), refused.message());
        }
    }

    private static boolean permits(Optional<Identity> caller, String action, String resource) {
        return caller.isEmpty() || Iam.authorize(caller.get(), action, resource) instanceof Iam.Decision.Allowed;
    }

    private String connectionsArn(String apiId, String stage, String method, String connectionId) {
        return "arn:aws:execute-api:" + region + ":" + accountId + ":" + apiId + "/" + stage + "/" + method
                + "/@connections" + (connectionId == null ? "" : "/" + connectionId);
    }

    private void session(HttpServerRequest request, byte[] body) {
        Cookie cookie = request.getCookie(COOKIE);
        String token = cookie == null ? null : cookie.getValue();
        HttpMethod method = request.method();
        if (method == HttpMethod.GET) {
            ObjectNode view = JSON.createObjectNode().put("signInRequired", iam.enforced());
            sessions.find(token).ifPresent(identity -> view.put("arn", identity.arn()));
            answer(request, 200, view);
        } else if (method == HttpMethod.POST) {
            if (request.getHeader(HEADER) == null) {
                throw ConsoleError.unmarked();
            }
            if (!iam.enforced()) {
                throw ConsoleError.badRequest("No identities are configured: the console needs no sign-in");
            }
            JsonNode form;
            try {
                form = JSON.readTree(body);
            } catch (IOException e) {
                throw ConsoleError.badRequest("Invalid JSON in the request body");
            }
            if (form == null
                    || !form.path("accessKeyId").isTextual()
                    || !form.path("secretAccessKey").isTextual()) {
                throw ConsoleError.badRequest("A sign-in needs accessKeyId and secretAccessKey, as strings");
            }
            Optional<Identity> identity = iam.signIn(
                    form.path("accessKeyId").asText(),
                    form.path("secretAccessKey").asText(),
                    form.path("sessionToken").isTextual()
                            ? form.path("sessionToken").asText()
                            : null);
            if (identity.isEmpty()) {
                counters.increment(Counter.CONSOLE_SIGN_IN_REFUSED);
                throw new ConsoleError(
                        403, "AccessDeniedException", "The access key and secret given are not those of an identity");
            }
            sessions.close(token);
            request.response()
                    .addCookie(Cookie.cookie(COOKIE, sessions.open(identity.get()))
                            .setPath("/")
                            .setHttpOnly(true)
                            .setSameSite(CookieSameSite.STRICT)
                            .setMaxAge(Sessions.LIFETIME.toSeconds()));
            answer(
                    request,
                    200,
                    JSON.createObjectNode()
                            .put("signInRequired", true)
                            .put("arn", identity.get().arn()));
        } else if (method == HttpMethod.DELETE) {
            if (request.getHeader(HEADER) == null) {
                throw ConsoleError.unmarked();
            }
            sessions.close(token);
            request.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/").setMaxAge(0));
            request.response().setStatusCode(204).end();
        } else {
            throw ConsoleError.methodNotAllowed(request);
        }
    }

    // ---- what is served

    private ObjectNode apisView() {
        ArrayNode list = JSON.createArrayNode();
        for (ServedApi served : apis.get()) {
            list.add(Views.api(served, stageUrl, this::liveOn));
        }
        ObjectNode view = JSON.createObjectNode();
        view.set("apis", list);
        return view;
    }

    private int liveOn(String apiId, String stage) {
        int n = 0;
        for (Connection c : registry.all()) {
            if (c.apiId().equals(apiId) && c.stage().equals(stage)) {
                n++;
            }
        }
        return n;
    }

    private ObjectNode metricsView() {
        ObjectNode view = JSON.createObjectNode()
                .put("time", Instant.now(clock).toString())
                .put("connections", registry.size());
        var byStage = new java.util.TreeMap<String, Integer>();
        registry.all().forEach(c -> byStage.merge(c.apiId() + "/" + c.stage(), 1, Integer::sum));
        ArrayNode stages = view.putArray("stages");
        byStage.forEach((key, n) -> {
            int slash = key.indexOf('/');
            stages.addObject()
                    .put("apiId", key.substring(0, slash))
                    .put("stage", key.substring(slash + 1))
                    .put("connections", n);
        });
        ObjectNode counted = view.putObject("counters");
        counters.snapshot().forEach((counter, n) -> counted.put(counter.metricName(), n));
        return view;
    }

    // ---- connections

    private ObjectNode list(HttpServerRequest request, Optional<Identity> caller) {
        String apiId = request.getParam("apiId");
        String stage = request.getParam("stage");
        String filter = request.getParam("filter");
        if (stage != null && apiId == null) {
            throw ConsoleError.badRequest("stage needs apiId");
        }
        if (filter != null && filter.length() > MAX_FILTER) {
            throw ConsoleError.badRequest("filter must be at most " + MAX_FILTER + " characters");
        }
        int limit = number(request.getParam("limit"), "limit", DEFAULT_LIMIT, MAX_LIMIT);
        Page.Key after = Page.Key.parse(request.getParam("nextToken"));
        if (apiId != null && stage != null) {
            allow(caller, "execute-api:ManageConnections", connectionsArn(apiId, stage, "GET", null));
        }
        var permitted = new HashMap<String, Boolean>();
        String needle = filter == null ? null : filter.toLowerCase(java.util.Locale.ROOT);
        List<Connection> chosen = new ArrayList<>();
        for (Connection c : registry.all()) {
            if ((apiId != null && !c.apiId().equals(apiId))
                    || (stage != null && !c.stage().equals(stage))) {
                continue;
            }
            if (!permitted.computeIfAbsent(
                    c.apiId() + "/" + c.stage(),
                    k -> permits(
                            caller,
                            "execute-api:ManageConnections",
                            connectionsArn(c.apiId(), c.stage(), "GET", null)))) {
                continue;
            }
            if (needle != null && !Views.matches(c, needle)) {
                continue;
            }
            if (after == null || Page.compare(c, after) > 0) {
                chosen.add(c);
            }
        }
        chosen.sort(Page.ORDER);
        ObjectNode view = JSON.createObjectNode();
        ArrayNode items = view.putArray("items");
        chosen.stream().limit(limit).forEach(c -> items.add(Views.connection(c)));
        if (chosen.size() > limit) {
            Connection last = chosen.get(limit - 1);
            view.put("nextToken", new Page.Key(last.connectedAt(), last.connectionId()).token());
        }
        return view;
    }

    private void connection(HttpServerRequest request, Optional<Identity> caller, String connectionId, byte[] body) {
        HttpMethod method = request.method();
        Optional<Connection> found = registry.find(connectionId);
        // A connection's stage is known only while it is open: one that is not is refused as the
        // @connections API refuses it (410), to any caller who got this far (signed or signed in).
        if (found.isEmpty()) {
            counters.increment(Counter.MANAGEMENT_GONE);
            throw ConsoleError.gone(connectionId);
        }
        Connection c = found.get();
        allow(
                caller,
                "execute-api:ManageConnections",
                connectionsArn(c.apiId(), c.stage(), method.name(), connectionId));
        if (method == HttpMethod.GET) {
            answer(request, 200, Views.connection(c));
        } else if (method == HttpMethod.DELETE) {
            connections
                    .delete(connectionId)
                    .thenAccept(deleted -> onContext(() -> {
                        if (deleted) {
                            request.response().setStatusCode(204).end();
                        } else {
                            refuse(request, ConsoleError.gone(connectionId));
                        }
                    }));
        } else {
            connections
                    .send(connectionId, body)
                    .thenAccept(result -> onContext(() -> {
                        switch (result) {
                            case SENT -> request.response().setStatusCode(200).end();
                            case GONE -> refuse(request, ConsoleError.gone(connectionId));
                            case PAYLOAD_TOO_LARGE ->
                                refuse(
                                        request,
                                        new ConsoleError(
                                                413,
                                                "PayloadTooLargeException",
                                                "The message is over the API's limit of "
                                                        + c.limits().maxMessageBytes() + " bytes"));
                            case THROTTLED ->
                                refuse(
                                        request,
                                        new ConsoleError(
                                                429, "LimitExceededException", "The client's send buffer is full"));
                        }
                    }));
        }
    }

    private void onContext(Runnable action) {
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> action.run());
    }

    // ---- access log

    private void accessLog(HttpServerRequest request, Optional<Identity> caller) {
        String apiId = request.getParam("apiId");
        String stageName = request.getParam("stage");
        if (apiId == null || stageName == null) {
            throw ConsoleError.badRequest("The access log is read by apiId and stage");
        }
        int lines = number(request.getParam("lines"), "lines", DEFAULT_LINES, MAX_LINES);
        Stage stage = apis.get().stream()
                .map(ServedApi::api)
                .filter(a -> a.apiId().equals(apiId))
                .findFirst()
                .flatMap(a -> a.stage(stageName))
                .orElseThrow(() -> ConsoleError.notFound("No stage " + stageName + " of API " + apiId));
        AccessLogSettings settings = stage.accessLogSettings()
                .orElseThrow(() -> ConsoleError.notFound(
                        "Stage " + stageName + " of API " + apiId + " has no access log settings"));
        allow(caller, "logs:GetLogEvents", settings.destinationArn());
        Path directory = logGroups
                .apply(settings.logGroupName())
                .orElseThrow(() -> ConsoleError.notFound(
                        "Access logs go to stdout (gateway.access-logs.stdout), not to files that can be read"));
        Context context = vertx.getOrCreateContext();
        Thread.ofVirtual().name("wsgate-console-log").start(() -> {
            ObjectNode view = JSON.createObjectNode().put("logGroup", settings.logGroupName());
            try {
                Tail.Read read = Tail.lastLines(directory, lines, TAIL_BYTES);
                read.file().ifPresent(f -> view.put("file", f.toString()));
                ArrayNode list = view.putArray("lines");
                read.lines().forEach(list::add);
                context.runOnContext(v -> answer(request, 200, view));
            } catch (IOException e) {
                log.warn("console: cannot read the access log in {}: {}", directory, e.toString());
                context.runOnContext(v -> refuse(
                        request, new ConsoleError(500, "InternalServerErrorException", "The log cannot be read")));
            }
        });
    }

    private static int number(String text, String name, int absent, int max) {
        if (text == null) {
            return absent;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ConsoleError.badRequest(name + " must be a whole number from 1 to " + max + ", not '" + text + "'");
    }

    // ---- answers

    private void answer(HttpServerRequest request, int status, JsonNode body) {
        request.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(request.method() == HttpMethod.HEAD ? "" : body.toString());
    }

    private void refuse(HttpServerRequest request, ConsoleError error) {
        counters.increment(Counter.CONSOLE_REFUSED);
        if (request.response().ended()) {
            return;
        }
        request.response()
                .setStatusCode(error.status())
                .putHeader("x-amzn-ErrorType", error.type())
                .putHeader("Content-Type", "application/json")
                .end(JSON.createObjectNode().put("message", error.getMessage()).toString());
    }

    /** The order connections are listed in, and the place a page ends at. */
    static final class Page {
        private Page() {}

        /** Where a page ended: the connection listed last, by when it connected and then its id. */
        record Key(long connectedAt, String connectionId) {
            String token() {
                return Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString((connectedAt + ":" + connectionId).getBytes(StandardCharsets.UTF_8));
            }

            /** The key {@code token} names; null for none. @throws ConsoleError 400 for a token not made here */
            static Key parse(String token) {
                if (token == null) {
                    return null;
                }
                try {
                    String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                    int colon = text.indexOf(':');
                    return new Key(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
                } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
                    throw ConsoleError.badRequest("Invalid nextToken: pass the one a listing answered");
                }
            }
        }

        /** Oldest first, ties by id: an order a connection keeps while it is open. */
        static final Comparator<Connection> ORDER =
                Comparator.comparingLong(Connection::connectedAt).thenComparing(Connection::connectionId);

        /** Whether {@code connection} comes before (negative), at or after (positive) {@code key}. */
        static int compare(Connection connection, Key key) {
            int at = Long.compare(connection.connectedAt(), key.connectedAt());
            return at != 0 ? at : connection.connectionId().compareTo(key.connectionId());
        }
    }
}
