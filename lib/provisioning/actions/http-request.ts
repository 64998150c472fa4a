import { createHmac } from "node:crypto";
import { z } from "zod";
import { callbackUrl, issueCallbackToken, readCallback, revokeCallbackToken } from "../callbacks";
import { defineAction, sleep } from "./types";

/** `sha256=<hex>` of the exact body bytes, as the receiving API recomputes it. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

const HEADER_NAME = /^[A-Za-z0-9-]+$/;

export const httpRequest = defineAction({
  id: "http:request",
  description: "Calls an internal provisioning API with an HMAC-SHA256-signed JSON body; optionally waits for its callback.",
  schema: z.object({
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("POST"),
    url: z.url({ protocol: /^https?$/ }),
    headers: z.record(z.string().regex(HEADER_NAME, "a header name"), z.union([z.string(), z.number()]).transform(String)).default({}),
    body: z.unknown().optional(),
    /** The HMAC key, from `${{ secrets.X }}`; the signature goes in X-Portolan-Signature. */
    secret: z.string().min(1).optional(),
    timeoutSeconds: z.coerce.number().positive().max(600).default(30),
    /** Wait for POST /api/v1/runs/{id}/callback; its JSON body becomes this step's output. */
    waitForCallback: z.boolean().default(false),
    callbackTimeoutSeconds: z.coerce.number().positive().max(24 * 3600).default(900),
    pollIntervalMs: z.coerce.number().min(50).max(30_000).default(500),
  }),
  run: async ({ input, runId, database, log, signal }) => {
    const body = input.body === undefined || input.method === "GET" ? "" : JSON.stringify(input.body);
    const headers: Record<string, string> = { accept: "application/json", "user-agent": "portolan", "x-portolan-run": runId, ...input.headers };
    if (body) headers["content-type"] = "application/json";
    if (input.secret) headers["x-portolan-signature"] = signBody(input.secret, body);
    if (input.waitForCallback) {
      // The token travels in a header and is stored only as a hash.
      headers["x-portolan-callback-url"] = callbackUrl(runId);
      headers["x-portolan-callback-token"] = await issueCallbackToken(database.db, runId);
    }
    await log(`${input.method} ${input.url}${input.secret ? " (signed)" : ""}`);
    const response = await fetch(input.url, {
      method: input.method,
      headers,
      body: body || undefined,
      redirect: "manual",
      signal: AbortSignal.any([signal, AbortSignal.timeout(input.timeoutSeconds * 1000)]),
    });
    const text = (await response.text()).slice(0, 100_000);
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: kept as text */
    }
    if (!response.ok) {
      if (input.waitForCallback) await revokeCallbackToken(database.db, runId);
      throw new Error(`${input.method} ${input.url} answered HTTP ${response.status}: ${text.slice(0, 300)}`);
    }
    await log(`HTTP ${response.status}`);
    if (!input.waitForCallback) return { status: response.status, body: parsed as Record<string, unknown> };
    await log(`waiting up to ${input.callbackTimeoutSeconds} s for the callback`);
    const deadline = Date.now() + input.callbackTimeoutSeconds * 1000;
    try {
      for (;;) {
        const payload = await readCallback(database.db, runId);
        if (payload) {
          await log("callback payload received");
          return payload;
        }
        if (Date.now() > deadline) throw new Error(`no callback within ${input.callbackTimeoutSeconds} s`);
        await sleep(Math.min(input.pollIntervalMs, Math.max(0, deadline - Date.now()) + 1), signal);
      }
    } finally {
      await revokeCallbackToken(database.db, runId);
    }
  },
});
