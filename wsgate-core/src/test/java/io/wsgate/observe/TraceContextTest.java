package io.wsgate.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** W3C's {@code traceparent} and X-Ray's {@code X-Amzn-Trace-Id}: read, refused, written, and the same trace. */
class TraceContextTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN = "00f067aa0ba902b7";

    @Test
    void aTraceparentIsReadAndWrittenAsW3cSaysAndIgnoredWhenNotValid() {
        var read =
                TraceContext.fromTraceparent("00-" + TRACE + "-" + SPAN + "-01").orElseThrow();
        assertThat(read).isEqualTo(new TraceContext(TRACE, SPAN, true));
        assertThat(read.traceparent()).isEqualTo("00-" + TRACE + "-" + SPAN + "-01");
        assertThat(TraceContext.fromTraceparent("00-" + TRACE + "-" + SPAN + "-00")
                        .orElseThrow()
                        .sampled())
                .isFalse();
        // a later version may add fields: read as 00 is
        assertThat(TraceContext.fromTraceparent("01-" + TRACE + "-" + SPAN + "-03-more"))
                .isPresent();
        for (String bad : new String[] {
            "",
            "garbage",
            "ff-" + TRACE + "-" + SPAN + "-01", // version ff is invalid
            "00-" + TRACE + "-" + SPAN + "-01-extra", // version 00 has exactly four fields
            "00-" + "0".repeat(32) + "-" + SPAN + "-01",
            "00-" + TRACE + "-" + "0".repeat(16) + "-01",
            "00-" + TRACE.toUpperCase() + "-" + SPAN + "-01",
            "00-" + TRACE.substring(1) + "-" + SPAN + "-01",
            "00-" + TRACE + "-" + SPAN + "-1",
        }) {
            assertThat(TraceContext.fromTraceparent(bad)).as(bad).isEmpty();
        }
        assertThat(TraceContext.fromTraceparent(null)).isEmpty();
    }

    @Test
    void anXRayHeaderNamesTheSameTrace() {
        var context = new TraceContext(TRACE, SPAN, true);
        String header = context.amznTraceId();
        assertThat(header).isEqualTo("Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=" + SPAN + ";Sampled=1");
        assertThat(TraceContext.fromAmznTraceId(header)).contains(context);
        assertThat(TraceContext.fromAmznTraceId("Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=" + SPAN
                                + ";Sampled=0;Lineage=a87bd80c:1")
                        .orElseThrow()
                        .sampled())
                .isFalse();
        // Lambda's header for a trace not yet sampled, and one without a parent, cannot be continued
        assertThat(TraceContext.fromAmznTraceId("Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Sampled=?"))
                .isEmpty();
        assertThat(TraceContext.fromAmznTraceId("Root=2-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=" + SPAN))
                .isEmpty();
        assertThat(TraceContext.fromAmznTraceId("Root=1-4bf92f3-577b34da6a3ce929d0e0e4736;Parent=" + SPAN))
                .isEmpty();
        assertThat(TraceContext.fromAmznTraceId("Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=xyz"))
                .isEmpty();
    }

    @Test
    void aTraceparentWinsOverAnXRayHeader() {
        String other = "0af7651916cd43dd8448eb211c80319c";
        var headers = Map.of(
                "traceparent",
                "00-" + TRACE + "-" + SPAN + "-01",
                "X-Amzn-Trace-Id",
                "Root=1-0af76519-16cd43dd8448eb211c80319c;Parent=b7ad6b7169203331;Sampled=1");
        assertThat(TraceContext.fromHeaders(headers::get).orElseThrow().traceId())
                .isEqualTo(TRACE);
        var xray = Map.of("traceparent", "broken", "X-Amzn-Trace-Id", headers.get("X-Amzn-Trace-Id"));
        assertThat(TraceContext.fromHeaders(xray::get).orElseThrow().traceId()).isEqualTo(other);
        assertThat(TraceContext.fromHeaders(name -> null)).isEmpty();
    }

    @Test
    void idsThatAreNotIdsAreRefused() {
        assertThatThrownBy(() -> new TraceContext("abc", SPAN, true)).hasMessageContaining("trace id");
        assertThatThrownBy(() -> new TraceContext(TRACE, "0".repeat(16), true)).hasMessageContaining("span id");
    }
}
