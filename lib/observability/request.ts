// One span and one log line per API request, both carrying the request id (the caller's
// `X-Request-Id` when it is a plain token, else a new one), which the response echoes.
import { randomUUID } from "node:crypto";
import { trace } from "@opentelemetry/api";
import { logger } from "./logger";
import { SpanKind, withSpan } from "./tracing";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function requestIdOf(headers: { get(name: string): string | null }): string {
  const given = headers.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Runs the handler of `route` (its declared path, e.g. `/api/v1/runs/{id}`) inside the request's span. */
export function traceRequest(
  request: Request,
  route: { method: string; path: string },
  handle: (requestId: string) => Promise<Response>,
): Promise<Response> {
  const requestId = requestIdOf(request.headers);
  const started = performance.now();
  return withSpan(
    `${route.method} ${route.path}`,
    {
      // Under Next's own server span this is its child; alone, it is the server span.
      kind: trace.getActiveSpan() ? SpanKind.INTERNAL : SpanKind.SERVER,
      attributes: {
        "http.request.method": route.method,
        "http.route": route.path,
        "url.path": new URL(request.url).pathname,
        "portolan.request_id": requestId,
      },
    },
    async (span) => {
      const response = await handle(requestId);
      span.setAttribute("http.response.status_code", response.status);
      try {
        response.headers.set("x-request-id", requestId);
      } catch {
        // A response with immutable headers (a redirect) keeps its own.
      }
      const line = {
        requestId,
        method: route.method,
        route: route.path,
        status: response.status,
        durationMs: Math.round(performance.now() - started),
      };
      if (response.status >= 500) logger.error(line, "request failed");
      else logger.info(line, "request");
      return response;
    },
  );
}

/** A job's span and log lines; the provisioning run a job starts is traced as its child. */
export function traceJob<T>(name: string, jobId: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  return withSpan(
    `job ${name}`,
    { kind: SpanKind.CONSUMER, attributes: { "portolan.job.name": name, "portolan.job.id": jobId } },
    async () => {
      try {
        const result = await work();
        logger.info({ job: name, jobId, durationMs: Math.round(performance.now() - started) }, "job done");
        return result;
      } catch (error) {
        logger.error({ job: name, jobId, err: error instanceof Error ? error.message : String(error) }, "job failed");
        throw error;
      }
    },
  );
}
