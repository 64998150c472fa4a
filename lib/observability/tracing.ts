// OpenTelemetry traces of the portal itself: HTTP requests (lib/observability/request.ts), database
// queries (pg, patched below), jobs and outbound calls (lib/egress). Exported over OTLP/HTTP as the
// standard variables say (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, _HEADERS,
// OTEL_SERVICE_NAME); with neither endpoint set nothing is started and every span is a no-op.
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import pg from "pg";
import { tracePg } from "./pg";

type Holder = { __portolanTracing?: NodeTracerProvider | null };
const holder = globalThis as Holder;

/** True when the environment asks for traces to be exported. */
export function isTracingConfigured(env: Record<string, string | undefined> = process.env): boolean {
  if (/^true$/i.test(env.OTEL_SDK_DISABLED ?? "") || env.OTEL_TRACES_EXPORTER === "none") return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
}

/** Starts tracing once per process when configured; returns the provider (null when off). */
export function startTracing(env: Record<string, string | undefined> = process.env): NodeTracerProvider | null {
  if (holder.__portolanTracing !== undefined) return holder.__portolanTracing;
  if (!isTracingConfigured(env)) return (holder.__portolanTracing = null);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": env.OTEL_SERVICE_NAME || "portolan" }),
    // The exporter reads OTEL_EXPORTER_OTLP_* itself (endpoint, headers, timeout).
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // Context through async calls (AsyncLocalStorage) and W3C traceparent propagation.
  provider.register();
  tracePg(pg);
  holder.__portolanTracing = provider;
  return provider;
}

/** Sends what is buffered (tests, shutdown). */
export async function flushTracing(): Promise<void> {
  await holder.__portolanTracing?.forceFlush();
}

/** Stops exporting and forgets the provider, so a later start reads the environment again (tests). */
export async function stopTracing(): Promise<void> {
  const provider = holder.__portolanTracing;
  holder.__portolanTracing = undefined;
  if (provider) {
    await provider.shutdown();
    trace.disable();
    context.disable();
  }
}

const tracer = () => trace.getTracer("portolan");

/**
 * Runs `work` inside a span that is the active one for everything it awaits (queries, fetches, the
 * spans of nested work); failures are recorded on it and rethrown.
 */
export function withSpan<T>(
  name: string,
  options: { attributes?: Attributes; kind?: SpanKind },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(name, { attributes: options.attributes, kind: options.kind }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The active span's ids, for log lines (empty without tracing). */
export function currentTraceIds(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  const ids = span?.spanContext();
  if (!ids || !trace.isSpanContextValid(ids)) return {};
  return { trace_id: ids.traceId, span_id: ids.spanId };
}

export { SpanKind };
