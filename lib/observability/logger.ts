// Structured JSON logs (pino) on stdout, each line carrying the active trace and span ids, so a log
// line and its trace find each other. LOG_LEVEL sets the level (info; silent under the test runner).
import pino from "pino";
import { currentTraceIds } from "./tracing";

type Holder = { __portolanLogger?: pino.Logger };

export const logger: pino.Logger = ((globalThis as Holder).__portolanLogger ??= pino({
  level: process.env.LOG_LEVEL || (process.env.VITEST ? "silent" : "info"),
  base: { service: process.env.OTEL_SERVICE_NAME || "portolan" },
  timestamp: pino.stdTimeFunctions.isoTime,
  mixin: () => currentTraceIds(),
}));
