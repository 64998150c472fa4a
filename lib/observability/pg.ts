// A span for every query sent through node-postgres (the app's pool, transactions, pg-boss): what
// @opentelemetry/instrumentation-pg does, without require hooks, which Next's bundled server and ESM
// do not run. Statements are parameterised, so their text carries no values; it is cut at 2000 chars.
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";

type QueryFn = (...args: unknown[]) => unknown;
type PgModule = { Client: { prototype: { query: QueryFn } } };

const PATCHED = Symbol.for("portolan.pg.traced");

function statementOf(config: unknown): string {
  const text = typeof config === "string" ? config : (config as { text?: unknown } | null)?.text;
  return typeof text === "string" ? text.slice(0, 2000) : "";
}

/** Wraps Client#query once per module instance; promise and callback forms both end their span. */
export function tracePg(pg: PgModule): void {
  const proto = pg.Client.prototype as { query: QueryFn; [PATCHED]?: boolean };
  if (proto[PATCHED]) return;
  const original = proto.query;
  proto.query = function tracedQuery(this: unknown, ...args: unknown[]) {
    // Only inside a trace: pg-boss's idle polling outside any request or job makes no root spans.
    if (!trace.getActiveSpan()) return original.apply(this, args);
    const statement = statementOf(args[0]);
    const operation = /^\s*(\w+)/.exec(statement)?.[1]?.toUpperCase() ?? "QUERY";
    const span = trace.getTracer("portolan").startSpan(`pg ${operation}`, {
      kind: SpanKind.CLIENT,
      attributes: { "db.system.name": "postgresql", "db.query.text": statement, "db.operation.name": operation },
    });
    const end = (error?: unknown) => {
      if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message ?? String(error) });
      span.end();
    };
    const callbackAt = args.findIndex((a) => typeof a === "function");
    if (callbackAt >= 0) {
      const callback = args[callbackAt] as (error: unknown, result: unknown) => void;
      args[callbackAt] = (error: unknown, result: unknown) => {
        end(error);
        callback(error, result);
      };
      return original.apply(this, args);
    }
    try {
      const result = original.apply(this, args);
      if (result && typeof (result as Promise<unknown>).then === "function")
        (result as Promise<unknown>).then(
          () => end(),
          (error: unknown) => end(error),
        );
      else end();
      return result;
    } catch (error) {
      end(error);
      throw error;
    }
  };
  proto[PATCHED] = true;
}
