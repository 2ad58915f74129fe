package io.wsgate.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.wsgate.config.GatewaySettings;
import io.wsgate.observe.TraceContext;
import io.wsgate.observe.Tracing;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@link Tracing} with the OpenTelemetry SDK: spans sampled by their parent's decision (a new
 * trace by the configured ratio), batched (at most 2,048 queued; past that, dropped, as the SDK
 * drops), and sent to an OTLP/HTTP endpoint ({@code http://collector:4318/v1/traces}) as
 * protobuf by the JDK's HTTP client. Nothing here runs on the caller's thread but making the span.
 */
public final class OpenTelemetryTracing implements Tracing, AutoCloseable {
    private final SdkTracerProvider provider;
    private final Tracer tracer;

    /** @param version what {@code service.version} says */
    public OpenTelemetryTracing(GatewaySettings.Tracing settings, String version) {
        var exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(settings.endpoint().toString())
                .setTimeout(Duration.ofSeconds(10))
                .build();
        this.provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault()
                        .merge(Resource.create(Attributes.of(
                                AttributeKey.stringKey("service.name"),
                                settings.serviceName(),
                                AttributeKey.stringKey("service.version"),
                                version))))
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(settings.sampleRatio())))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter)
                        .setScheduleDelay(settings.exportDelay())
                        .build())
                .build();
        this.tracer = provider.get("io.wsgate", version);
    }

    @Override
    public boolean on() {
        return true;
    }

    @Override
    public TraceSpan start(String name, boolean server, TraceContext parent) {
        Context context = Context.root();
        if (parent != null) {
            context = context.with(Span.wrap(SpanContext.createFromRemoteParent(
                    parent.traceId(),
                    parent.spanId(),
                    parent.sampled() ? TraceFlags.getSampled() : TraceFlags.getDefault(),
                    TraceState.getDefault())));
        }
        Span span = tracer.spanBuilder(name)
                .setParent(context)
                .setSpanKind(server ? SpanKind.SERVER : SpanKind.CONSUMER)
                .startSpan();
        return new Started(span);
    }

    /** Sends what is queued, waiting at most {@code timeout}. */
    public void flush(Duration timeout) {
        provider.forceFlush().join(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends what is queued (for at most 10 s), then stops. */
    @Override
    public void close() {
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }

    private record Started(Span span) implements TraceSpan {
        @Override
        public TraceContext context() {
            SpanContext c = span.getSpanContext();
            return new TraceContext(c.getTraceId(), c.getSpanId(), c.isSampled());
        }

        @Override
        public TraceSpan attribute(String key, String value) {
            if (value != null) {
                span.setAttribute(key, value);
            }
            return this;
        }

        @Override
        public TraceSpan attribute(String key, long value) {
            span.setAttribute(key, value);
            return this;
        }

        @Override
        public void end(String error) {
            if (error != null) {
                span.setStatus(StatusCode.ERROR, error);
            }
            span.end();
        }
    }
}
