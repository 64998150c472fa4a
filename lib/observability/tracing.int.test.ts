import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { egressFetch, originRule } from "@/lib/egress";
import { listIncidents } from "@/lib/incidents/queries";
import { createRun } from "@/lib/provisioning/create-run";
import { inlineQueue, testActor } from "@/lib/provisioning/testing";
import { traceRequest } from "./request";
import { currentTraceIds, flushTracing, startTracing, stopTracing } from "./tracing";

type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
};

/** A local OTLP/HTTP receiver: what the exporter POSTs to /v1/traces (OTLP/JSON). */
async function otlpReceiver() {
  const spans: OtlpSpan[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      if (request.url === "/v1/traces") {
        const parsed = JSON.parse(body) as {
          resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
        };
        for (const r of parsed.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
      }
      response.writeHead(200, { "content-type": "application/json" });
      response.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, close: () => server.close() };
}

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? value?.intValue;
};

async function until<T>(find: () => T | undefined, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    await flushTracing();
    const found = find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error("timed out waiting for spans");
    await new Promise((r) => setTimeout(r, 100));
  }
}

const postgres = testDatabases().find((t) => t.name === "postgres");
const saved = { ...process.env };

// Database spans come from node-postgres, so this needs the PostgreSQL server (DATABASE_URL; CI has it).
describe.skipIf(!postgres)("traces over OTLP/HTTP", () => {
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  let downstream: http.Server;
  let downstreamUrl: string;
  const traceparents: string[] = [];
  let database: Database;

  beforeAll(async () => {
    receiver = await otlpReceiver();
    downstream = http.createServer((request, response) => {
      traceparents.push(String(request.headers.traceparent ?? ""));
      response.end("ok");
    });
    await new Promise<void>((resolve) => downstream.listen(0, "127.0.0.1", resolve));
    downstreamUrl = `http://127.0.0.1:${(downstream.address() as AddressInfo).port}/hook`;
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
    process.env.PORTOLAN_TEMPLATES_DIR = path.join(import.meta.dirname, "../provisioning/test-templates");
    expect(startTracing()).not.toBeNull();
    database = await postgres!.open();
  });
  afterAll(async () => {
    await stopTracing();
    process.env = { ...saved };
    await database?.close();
    receiver?.close();
    downstream?.close();
  });

  it("is off when no OTLP endpoint is configured", async () => {
    const { isTracingConfigured } = await import("./tracing");
    expect(isTracingConfigured({})).toBe(false);
    expect(isTracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://x", OTEL_SDK_DISABLED: "true" })).toBe(false);
    expect(isTracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://x/v1/traces" })).toBe(true);
  });

  it("exports an API request with its queries and outbound call as children, the request id in the trace and the logs", async () => {
    const admin = testActor("root", "admin");
    let logIds: ReturnType<typeof currentTraceIds> = {};
    const request = new Request("http://localhost/api/v1/incidents?status=open", {
      headers: { "x-request-id": "req-otel-1" },
    });
    const response = await traceRequest(request, { method: "GET", path: "/api/v1/incidents" }, async () => {
      logIds = currentTraceIds();
      const page = await listIncidents(database.db, admin, { status: "open" });
      const rule = originRule(downstreamUrl)!;
      await egressFetch(downstreamUrl, { timeoutMs: 10_000, egress: { allow: [rule] } });
      return Response.json(page);
    });
    expect(response.headers.get("x-request-id")).toBe("req-otel-1");

    const root = await until(() => receiver.spans.find((s) => s.name === "GET /api/v1/incidents"));
    expect(attribute(root, "portolan.request_id")).toBe("req-otel-1");
    expect(String(attribute(root, "http.response.status_code"))).toBe("200");
    expect(logIds).toEqual({ trace_id: root.traceId, span_id: root.spanId });
    const children = await until(() => {
      const found = receiver.spans.filter((s) => s.parentSpanId === root.spanId);
      return found.some((s) => s.name.startsWith("GET 127.0.0.1")) && found.some((s) => s.name === "pg SELECT")
        ? found
        : undefined;
    });
    const query = children.find((s) => s.name === "pg SELECT")!;
    expect(String(attribute(query, "db.query.text"))).toContain("incidents");
    expect(children.every((s) => s.traceId === root.traceId)).toBe(true);
    // The called service got the trace in its traceparent header.
    expect(traceparents.at(-1)).toContain(root.traceId);
  });

  it("exports a provisioning run as the child of its job, with its queries below it", async () => {
    const dev = testActor("dev");
    const queue = inlineQueue(database);
    const { id } = await createRun(
      database.db,
      dev,
      { template: "test-noop", parameters: {} },
      { enqueue: queue.enqueue },
    );
    await queue.drain();
    const run = await until(() =>
      receiver.spans.find((s) => s.name === "provisioning run" && attribute(s, "portolan.run.id") === id),
    );
    const job = receiver.spans.find((s) => s.spanId === run.parentSpanId);
    expect(job?.name).toBe("job provisioning-run");
    const queries = await until(() => {
      const found = receiver.spans.filter((s) => s.parentSpanId === run.spanId && s.name.startsWith("pg "));
      return found.length > 0 ? found : undefined;
    });
    expect(queries.every((s) => s.traceId === run.traceId)).toBe(true);
  });
});
