package io.wsgate.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.wsgate.auth.Iam;
import io.wsgate.auth.SigV4;
import io.wsgate.integration.FunctionName;
import io.wsgate.observe.Counter;
import io.wsgate.observe.Metrics;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's Invoke API (2015-03-31) for the local functions, as Lambda and {@code sam local
 * start-lambda} serve it, so that {@code aws lambda invoke --endpoint-url} and the SDKs' Lambda
 * clients reach them: {@code POST /2015-03-31/functions/NAME/invocations}, NAME a function name,
 * its ARN or {@code NAME:QUALIFIER} (every qualifier runs {@code $LATEST}, the one version).
 *
 * <pre>
 * X-Amz-Invocation-Type RequestResponse ─► 200, the payload as the function returned it
 *                                          (a function error: X-Amz-Function-Error: Unhandled, the error body)
 *                       Event           ─► 202, the invocation runs on
 *                       DryRun          ─► 204, nothing runs
 * X-Amz-Log-Type Tail                   ─► X-Amz-Log-Result: base64 of the last 4 KB of its log
 * refused: no such function 404 ResourceNotFoundException · payload over 6 MB (1 MB for Event)
 *          413 RequestEntityTooLargeException · not JSON 400 InvalidRequestContentException ·
 *          a bad name or header 400 ValidationException; each with x-amzn-ErrorType
 * </pre>
 */
final class InvokeApi implements Handler<HttpServerRequest> {
    /** The path, as a regular expression whose group is the function's name as sent. */
    static final String PATH = "/2015-03-31/functions/([^/]+)/invocations";

    /** Lambda's limit on a synchronous request: "Request must be smaller than 6291456 bytes". */
    static final int MAX_REQUEST_BYTES = 6_291_456;

    /** Lambda's limit on an asynchronous (Event) payload: 1 MB, as its Invoke documentation says. */
    static final int MAX_EVENT_BYTES = 1_048_576;

    private static final Pattern PATH_PATTERN = Pattern.compile(PATH);
    /** A partial ARN, {@code ACCOUNT:function:NAME[:QUALIFIER]}, which Lambda reads as well. */
    private static final Pattern PARTIAL_ARN = Pattern.compile("\\d{12}:function:(.+)");

    private static final Set<String> TYPES = Set.of("RequestResponse", "Event", "DryRun");
    private static final Set<String> LOG_TYPES = Set.of("None", "Tail");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Vertx vertx;
    private final Function<String, FunctionPool> pools;
    private final java.util.function.Supplier<java.util.concurrent.CompletableFuture<Void>> settled;
    private final Metrics metrics;
    private final String region;
    private final String accountId;
    private final Iam iam;

    /**
     * @param pools the pool of the function of a name, or null for none
     * @param settled completes once every code change made before the call has reached the pools
     *     (hot reload), so that an invocation right after an edit runs the new code
     * @param iam with identities, every call must be SigV4-signed for {@code lambda} by one allowed
     *     {@code lambda:InvokeFunction} on {@code arn:aws:lambda:{region}:{account}:function:{name}}
     */
    InvokeApi(
            Vertx vertx,
            Function<String, FunctionPool> pools,
            java.util.function.Supplier<java.util.concurrent.CompletableFuture<Void>> settled,
            Metrics metrics,
            String region,
            String accountId,
            Iam iam) {
        this.vertx = vertx;
        this.pools = pools;
        this.settled = settled;
        this.metrics = metrics;
        this.region = region;
        this.accountId = accountId;
        this.iam = iam;
    }

    @Override
    public void handle(HttpServerRequest request) {
        metrics.increment(Counter.INVOKE_REQUEST);
        if (!iam.enforced()) {
            serve(request, null);
            return;
        }
        // The body is part of what is signed: read before the signature is checked, and before
        // anything is said about the function.
        BoundedBody.read(
                request,
                MAX_REQUEST_BYTES,
                payload -> {
                    String name =
                            unqualifiedArn(sent(request)).replaceFirst("^arn:aws:lambda:[^:]*:[^:]*:function:", "");
                    String resource = "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
                    switch (iam.check(
                            SigV4.Request.of(
                                    request.method().name(),
                                    request.path(),
                                    request.query(),
                                    request.headers(),
                                    payload),
                            "lambda:InvokeFunction",
                            resource)) {
                        case Iam.Decision.Allowed allowed -> {
                            metrics.increment(Counter.AUTH_SIGNED);
                            serve(request, payload);
                        }
                        case Iam.Decision.Refused refused -> {
                            metrics.increment(refused.counter());
                            refuse(request, 403, refused.errorType(), "message", refused.message());
                        }
                    }
                },
                () -> tooLarge(request, MAX_REQUEST_BYTES, "RequestResponse"));
    }

    /** The function's name as the path sends it, decoded; empty when the path names none. */
    private static String sent(HttpServerRequest request) {
        Matcher path = PATH_PATTERN.matcher(request.path());
        return path.matches() ? decode(path.group(1)) : "";
    }

    /** {@code sent} with a partial ARN ({@code ACCOUNT:function:NAME}) read as the name it holds. */
    private static String unqualifiedArn(String sent) {
        Matcher partial = PARTIAL_ARN.matcher(sent);
        return partial.matches() ? partial.group(1) : sent;
    }

    /** The invocation, authorized; {@code read} is its body when read already, else null. */
    private void serve(HttpServerRequest request, byte[] read) {
        String sent = sent(request);
        FunctionName name;
        try {
            name = FunctionName.parse(unqualifiedArn(sent));
        } catch (IllegalArgumentException e) {
            refuse(
                    request,
                    400,
                    "ValidationException",
                    "message",
                    invalid(sent, "functionName", "a function name or ARN"));
            return;
        }
        FunctionPool pool = pools.apply(name.name());
        if (pool == null) {
            String arn = "arn:aws:lambda:" + name.region().orElse(region) + ":" + accountId + ":function:" + name;
            refuse(request, 404, "ResourceNotFoundException", "Message", "Function not found: " + arn);
            return;
        }
        String type =
                Optional.ofNullable(request.getHeader("X-Amz-Invocation-Type")).orElse("RequestResponse");
        String logType =
                Optional.ofNullable(request.getHeader("X-Amz-Log-Type")).orElse("None");
        if (!TYPES.contains(type)) {
            refuse(request, 400, "ValidationException", "message", invalid(type, "invocationType", TYPES.toString()));
            return;
        }
        if (!LOG_TYPES.contains(logType)) {
            refuse(request, 400, "ValidationException", "message", invalid(logType, "logType", LOG_TYPES.toString()));
            return;
        }
        Optional<String> clientContext;
        try {
            clientContext = clientContext(request.getHeader("X-Amz-Client-Context"));
        } catch (IllegalArgumentException e) {
            refuse(request, 400, "InvalidRequestContentException", "message", e.getMessage());
            return;
        }
        Context context = vertx.getOrCreateContext();
        int limit = type.equals("Event") ? MAX_EVENT_BYTES : MAX_REQUEST_BYTES;
        java.util.function.Consumer<byte[]> invoke = payload -> {
            try {
                if (payload.length > 0) {
                    JSON.readTree(payload);
                }
            } catch (java.io.IOException e) {
                String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                refuse(
                        request,
                        400,
                        "InvalidRequestContentException",
                        "message",
                        "Could not parse request body into json: Could not parse payload into json: " + why);
                return;
            }
            byte[] event = payload.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : payload;
            boolean tail = logType.equals("Tail");
            // After every code change made before: an invocation right after an edit runs the new code.
            settled.get()
                    .whenComplete((v, e) ->
                            context.runOnContext(x -> run(request, context, pool, type, tail, event, clientContext)));
        };
        if (read == null) {
            BoundedBody.read(request, limit, invoke, () -> tooLarge(request, limit, type));
        } else if (read.length > limit) {
            tooLarge(request, limit, type);
        } else {
            invoke.accept(read);
        }
    }

    private void run(
            HttpServerRequest request,
            Context context,
            FunctionPool pool,
            String type,
            boolean tail,
            byte[] event,
            Optional<String> clientContext) {
        HttpServerResponse response = request.response();
        switch (type) {
            case "DryRun" ->
                response.setStatusCode(204)
                        .putHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                        .end();
            case "Event" -> {
                // Lambda passes the client context to synchronous invocations only.
                Invocation invocation = pool.submit(event, Optional.empty(), false);
                response.setStatusCode(202)
                        .putHeader("x-amzn-RequestId", invocation.requestId())
                        .end();
            }
            default -> {
                // A caller's X-Ray header reaches the function, as Lambda passes it on.
                Invocation invocation = pool.submit(
                        event,
                        clientContext,
                        tail,
                        io.wsgate.observe.TraceContext.fromAmznTraceId(request.getHeader("X-Amzn-Trace-Id"))
                                .orElse(null));
                invocation
                        .result()
                        .thenCompose(outcome -> tail
                                ? invocation.log().thenApply(log -> answer(response, outcome, Optional.of(log)))
                                : java.util.concurrent.CompletableFuture.completedFuture(
                                        answer(response, outcome, Optional.empty())))
                        .thenAccept(answer -> context.runOnContext(v -> answer.run()));
            }
        }
    }

    /** The 200 for {@code outcome}, as a task for the request's context. */
    private static Runnable answer(HttpServerResponse response, Outcome outcome, Optional<String> log) {
        return () -> {
            if (response.closed() || response.ended()) {
                return; // the caller went away; the invocation ran all the same
            }
            response.setStatusCode(200)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("X-Amz-Executed-Version", "$LATEST")
                    .putHeader("x-amzn-RequestId", outcome.requestId());
            log.ifPresent(text -> response.putHeader(
                    "X-Amz-Log-Result", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))));
            switch (outcome) {
                case Outcome.Returned r -> response.end(Buffer.buffer(r.payload()));
                case Outcome.Failed f ->
                    response.putHeader("X-Amz-Function-Error", "Unhandled").end(Buffer.buffer(f.body()));
            }
        };
    }

    private void tooLarge(HttpServerRequest request, int limit, String type) {
        String length = request.getHeader("Content-Length");
        String message = type.equals("Event") && length != null
                ? length + " byte payload is too large for the Event invocation type (limit " + limit + " bytes)"
                : "Request must be smaller than " + limit + " bytes for the InvokeFunction operation";
        refuse(request, 413, "RequestEntityTooLargeException", "message", message);
    }

    /** Lambda's error answer: {@code {"Type": "User", MEMBER: message}} and {@code x-amzn-ErrorType}. */
    private void refuse(HttpServerRequest request, int status, String type, String member, String message) {
        metrics.increment(Counter.INVOKE_REFUSED);
        ObjectNode body = JSON.createObjectNode().put("Type", "User").put(member, message);
        request.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("x-amzn-ErrorType", type)
                .putHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .end(body.toString());
    }

    /** The JSON of an {@code X-Amz-Client-Context} header (base64 of a JSON object), if there is one. */
    private static Optional<String> clientContext(String header) {
        if (header == null || header.isEmpty()) {
            return Optional.empty();
        }
        try {
            String json = new String(Base64.getDecoder().decode(header), StandardCharsets.UTF_8);
            if (JSON.readTree(json).isObject()) {
                return Optional.of(json);
            }
        } catch (IllegalArgumentException | java.io.IOException e) {
            // refused below
        }
        throw new IllegalArgumentException("Client context must be a valid Base64-encoded JSON object.");
    }

    private static String invalid(String value, String member, String expected) {
        return "1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: Member must be " + expected;
    }

    /** Percent-decodes a path segment ({@code arn%3Aaws%3A...}); a '+' stays a '+'. */
    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}
