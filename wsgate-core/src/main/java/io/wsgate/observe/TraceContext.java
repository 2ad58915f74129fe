package io.wsgate.observe;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where a span sits in its trace: what W3C Trace Context's {@code traceparent} and AWS X-Ray's
 * {@code X-Amzn-Trace-Id} both carry. The two name the same trace: X-Ray's root {@code
 * 1-5f84c7a1-0123456789abcdef01234567} is the W3C trace id {@code 5f84c7a10123456789abcdef01234567}
 * cut after its first 8 digits, as AWS's own propagators map them.
 *
 * @param traceId 32 lower-case hex digits, not all zero
 * @param spanId 16 lower-case hex digits, not all zero
 * @param sampled whether the trace is recorded
 */
public record TraceContext(String traceId, String spanId, boolean sampled) {
    private static final Pattern TRACEPARENT =
            Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    public TraceContext {
        if (!TRACE_ID.matcher(traceId).matches() || traceId.equals(ZERO_TRACE)) {
            throw new IllegalArgumentException("trace id: '" + traceId + "' (expected: 32 hex digits, not all 0)");
        }
        if (!SPAN_ID.matcher(spanId).matches() || spanId.equals(ZERO_SPAN)) {
            throw new IllegalArgumentException("span id: '" + spanId + "' (expected: 16 hex digits, not all 0)");
        }
    }

    /** {@code 00-{traceId}-{spanId}-01} ({@code -00} when not sampled). */
    public String traceparent() {
        return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
    }

    /** {@code Root=1-{8 digits}-{24 digits};Parent={spanId};Sampled=1}, as Lambda and X-Ray write it. */
    public String amznTraceId() {
        return "Root=1-" + traceId.substring(0, 8) + "-" + traceId.substring(8) + ";Parent=" + spanId + ";Sampled="
                + (sampled ? "1" : "0");
    }

    /**
     * The context a {@code traceparent} header names; empty for one that is not valid (which W3C
     * says to ignore, starting a new trace). Versions past {@code 00} are read as {@code 00} is.
     */
    public static Optional<TraceContext> fromTraceparent(String header) {
        if (header == null) {
            return Optional.empty();
        }
        var m = TRACEPARENT.matcher(header.trim());
        if (!m.matches() || m.group(1).equals("ff") || (m.group(1).equals("00") && m.group(5) != null)) {
            return Optional.empty();
        }
        if (m.group(2).equals(ZERO_TRACE) || m.group(3).equals(ZERO_SPAN)) {
            return Optional.empty();
        }
        boolean sampled = (Integer.parseInt(m.group(4), 16) & 1) == 1;
        return Optional.of(new TraceContext(m.group(2), m.group(3), sampled));
    }

    /**
     * The context an {@code X-Amzn-Trace-Id} header names: its {@code Root} and {@code Parent}
     * ({@code Sampled=0} is not sampled; absent or {@code ?}, sampled). Empty without both, or with
     * a root that is not X-Ray's form.
     */
    public static Optional<TraceContext> fromAmznTraceId(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String root = null;
        String parent = null;
        boolean sampled = true;
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            switch (key) {
                case "Root" -> root = value;
                case "Parent" -> parent = value;
                case "Sampled" -> sampled = !value.equals("0");
                default -> {}
            }
        }
        if (root == null || parent == null) {
            return Optional.empty();
        }
        String[] fields = root.split("-");
        if (fields.length != 3 || !fields[0].equals("1") || fields[1].length() != 8 || fields[2].length() != 24) {
            return Optional.empty();
        }
        String traceId = (fields[1] + fields[2]).toLowerCase(java.util.Locale.ROOT);
        String spanId = parent.toLowerCase(java.util.Locale.ROOT);
        if (!TRACE_ID.matcher(traceId).matches()
                || traceId.equals(ZERO_TRACE)
                || !SPAN_ID.matcher(spanId).matches()
                || spanId.equals(ZERO_SPAN)) {
            return Optional.empty();
        }
        return Optional.of(new TraceContext(traceId, spanId, sampled));
    }

    /** The parent a request names: its {@code traceparent} if valid, else its {@code X-Amzn-Trace-Id}. */
    public static Optional<TraceContext> fromHeaders(Function<String, String> header) {
        return fromTraceparent(header.apply("traceparent")).or(() -> fromAmznTraceId(header.apply("X-Amzn-Trace-Id")));
    }
}
