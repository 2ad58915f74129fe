package io.wsgate.observe;

/** The events the gateway counts. Each name is what an operator sees. */
public enum Counter {
    /** A handshake {@code $connect} accepted (the upgrade follows). */
    CONNECT_ACCEPTED("connect.accepted"),
    /** A handshake the {@code $connect} integration refused with a non-2xx status. */
    CONNECT_REJECTED("connect.rejected"),
    /** A handshake refused because the {@code $connect} integration failed, timed out or was malformed. */
    CONNECT_FAILED("connect.failed"),
    /** A handshake refused with 429: over the stage's throttle for {@code $connect}. */
    CONNECT_THROTTLED("connect.throttled"),
    /** A message over the stage's throttle for its route: the Too Many Requests frame, no integration called. */
    MESSAGE_THROTTLED("message.throttled"),
    /** A {@code $connect} its Lambda REQUEST authorizer allowed. */
    AUTHORIZER_ALLOWED("authorizer.allowed"),
    /**
     * A {@code $connect} refused by its authorizer: an identity source missing (401), the function
     * answering {@code Unauthorized} (401), a Deny or no Allow (403), no principalId (403).
     */
    AUTHORIZER_REFUSED("authorizer.refused"),
    /** A {@code $connect} refused with 500: its authorizer failed, timed out, or answered what cannot be read. */
    AUTHORIZER_FAILED("authorizer.failed"),
    /** A SigV4-signed request (a {@code $connect}, a management or control-plane call) its signer's policy allowed. */
    AUTH_SIGNED("auth.signed"),
    /** A request refused with 403 where a SigV4 signature is required and none was sent. */
    AUTH_UNSIGNED("auth.unsigned"),
    /**
     * A request refused with 403 for its signature: one that does not parse, an unknown key or
     * token, another region or service, older or newer than five minutes, or not the one the
     * secret makes.
     */
    AUTH_BAD_SIGNATURE("auth.bad_signature"),
    /** A request with a good signature refused with 403: its signer's policy denies the action, or does not allow it. */
    AUTH_DENIED("auth.denied"),
    /** A {@code $connect} let in by a JWT authorizer. */
    JWT_ACCEPTED("jwt.accepted"),
    /** A {@code $connect} to a JWT authorizer without a token where it looks: 401. */
    JWT_MISSING("jwt.missing"),
    /** A token that is not good: its signature, key, issuer, audience or times; or keys that cannot be read: 401. */
    JWT_INVALID("jwt.invalid"),
    /** A {@code $connect} with {@code apiKeyRequired} let in by its API key. */
    APIKEY_ACCEPTED("apikey.accepted"),
    /** A {@code $connect} with {@code apiKeyRequired} and no key: 403. */
    APIKEY_MISSING("apikey.missing"),
    /** A key no one has, one disabled, or one in no usage plan of the stage: 403. */
    APIKEY_INVALID("apikey.invalid"),
    /** A key over its usage plan's throttle: 429. */
    APIKEY_THROTTLED("apikey.throttled"),
    /** A key past its usage plan's quota for the period: 429. */
    APIKEY_QUOTA("apikey.quota_exceeded"),
    /** A request to a path or host that names no stage, or a stage whose default endpoint is disabled. */
    CONNECT_UNKNOWN_STAGE("connect.unknown_stage"),
    /** A plain HTTP request (no upgrade) to a stage URL. */
    CONNECT_NOT_UPGRADE("connect.not_upgrade"),
    /** An upgrade request with a method other than GET: 405. */
    CONNECT_BAD_METHOD("connect.bad_method"),
    /**
     * An upgrade request RFC 6455 does not allow: not HTTP/1.1, no {@code Connection: upgrade}, no
     * {@code Sec-WebSocket-Version} (hixie-76), a malformed {@code Sec-WebSocket-Key}: 400.
     */
    CONNECT_BAD_HANDSHAKE("connect.bad_handshake"),
    /** An upgrade request for a WebSocket version other than 13: 426. */
    CONNECT_UNSUPPORTED_VERSION("connect.unsupported_version"),
    /** An upgrade refused because the gateway is shutting down. */
    CONNECT_DRAINING("connect.draining"),
    /** A TCP connection refused with 503 because its listener holds {@code max-connections} already. */
    CONNECTION_LIMIT("connection.limit"),
    /** A request Vert.x could not read as HTTP (bytes that are neither HTTP nor TLS, say): 400, closed. */
    BAD_REQUEST("connection.bad_request"),
    /** A TLS handshake on the data-plane port (its development certificate) that failed: closed. */
    TLS_HANDSHAKE_FAILED("connection.tls_handshake_failed"),
    /** A connection closed (408) because its request's headers did not arrive within {@code header-timeout}. */
    HEADER_TIMEOUT("connection.header_timeout"),
    /** A connection that has not upgraded closed after {@code keep-alive-timeout} without a request. */
    KEEP_ALIVE_TIMEOUT("connection.keep_alive_timeout"),
    /** A request (not an upgrade) not read whole and answered within {@code keep-alive-timeout}: closed. */
    REQUEST_TIMEOUT("connection.request_timeout"),
    /** Reading from a client paused: {@code max-in-flight} of its messages await their integration. */
    MESSAGES_IN_FLIGHT_LIMIT("message.in_flight_limit"),
    /** Reading from a client paused: its send buffer is full, it is not reading what it is sent. */
    SLOW_READER("connection.slow_reader"),
    /** A data message received from a client. */
    MESSAGE_RECEIVED("message.received"),
    /** A message that matched no route where the API has no {@code $default}: the Forbidden frame. */
    MESSAGE_NO_ROUTE("message.no_route"),
    /** A message whose integration failed, timed out or answered something malformed. */
    MESSAGE_INTEGRATION_FAILED("message.integration_failed"),
    /** An integration that timed out, on {@code $connect}, a message or {@code $disconnect}. */
    INTEGRATION_TIMEOUT("integration.timeout"),
    /** A message to a route without an integration. */
    MESSAGE_NO_INTEGRATION("message.no_integration"),
    /** A frame over the API's frame limit: close 1009. */
    FRAME_TOO_LARGE("frame.too_large"),
    /** A message over the API's message limit: close 1009. */
    MESSAGE_TOO_LARGE("message.too_large"),
    /** A binary frame from a client: close 1003. */
    BINARY_FRAME("frame.binary"),
    /** A text message that is not valid UTF-8: close 1007. */
    INVALID_UTF8("frame.invalid_utf8"),
    /** A connection closed for idleness. */
    IDLE_TIMEOUT("connection.idle_timeout"),
    /** A connection closed at its maximum duration. */
    MAX_DURATION("connection.max_duration"),
    /** A connection ended; its {@code $disconnect} runs (when the API has one). */
    DISCONNECT("disconnect"),
    /** A {@code $disconnect} integration that failed or timed out. */
    DISCONNECT_FAILED("disconnect.failed"),
    /** A warning not logged because the same one was logged moments before (the next one says how many). */
    WARNING_SUPPRESSED("log.warning_suppressed"),
    /** A frame that breaks the WebSocket protocol (reserved bits, an unmasked frame...): close 1002. */
    PROTOCOL_ERROR("frame.protocol_error"),
    /** A message sent to a client, as a reply or a push. */
    MESSAGE_SENT("message.sent"),
    /** A management request for a connection that does not exist (any more): 410. */
    MANAGEMENT_GONE("management.gone"),
    /** A management request refused: not allowed from the caller's address, or no such method: 403. */
    MANAGEMENT_FORBIDDEN("management.forbidden"),
    /** A management POST over the message limit: 413. */
    MANAGEMENT_TOO_LARGE("management.too_large"),
    /** A management POST to a client whose send buffer is full: 429. */
    MANAGEMENT_THROTTLED("management.throttled"),
    /** A control-plane request answered, whatever the answer. */
    CONTROL_REQUEST("control.request"),
    /** A control-plane request refused as the caller's mistake: 400, 404, 409 or 413. */
    CONTROL_REFUSED("control.refused"),
    /** A control-plane request over the throttle: 429. */
    CONTROL_THROTTLED("control.throttled"),
    /** A control-plane request that failed inside the gateway (the change was not made): 500. */
    CONTROL_FAILED("control.failed"),
    /** A local function's invocation that ran past its {@code timeout}: its process was killed. */
    FUNCTION_TIMEOUT("function.timeout"),
    /** A local function's invocation that failed: an error it posted, an init error, its process exiting. */
    FUNCTION_ERROR("function.error"),
    /** A request to a local function's Runtime API that names no invocation of it, or no known path. */
    FUNCTION_BAD_REQUEST("function.bad_request"),
    /** A local function reloaded because its code changed: its processes were retired. */
    FUNCTION_RELOADED("function.reloaded"),
    /** A changed {@code .zip} of a local function's code that could not be unpacked: the old code stays. */
    FUNCTION_CODE_REFUSED("function.code_refused"),
    /** A local function's answer over Lambda's 6 MB limit: refused, and its invocation failed. */
    FUNCTION_RESPONSE_TOO_LARGE("function.response_too_large"),
    /** A request to the Lambda Invoke API ({@code POST /2015-03-31/functions/NAME/invocations}), whatever the answer. */
    INVOKE_REQUEST("invoke.request"),
    /** An Invoke API request refused: no such function, a payload not JSON or over the limit, a bad header. */
    INVOKE_REFUSED("invoke.refused"),
    /** A line written to a stage's access log. */
    ACCESS_LOG_LINES("access_log.lines"),
    /** An access log line dropped: its group's queue was full, or its file could not be written. */
    ACCESS_LOG_DROPPED("access_log.dropped"),
    /** A call to the console's page or its endpoints (under {@code /console} and {@code /wsgate}). */
    CONSOLE_REQUEST("console.request"),
    /** A console call refused: unsigned or not allowed, a bad parameter, an unknown path or method, a body too large. */
    CONSOLE_REFUSED("console.refused"),
    /** A sign-in to the console refused: no identity has that access key and secret. */
    CONSOLE_SIGN_IN_REFUSED("console.sign_in_refused");

    private final String metricName;

    Counter(String metricName) {
        this.metricName = metricName;
    }

    /** The dotted name exporters publish this counter under. */
    public String metricName() {
        return metricName;
    }
}
