import { createHmac } from "node:crypto";
import { z } from "zod";
import { egressFetch } from "@/lib/egress";
import { callbackUrl, issueCallbackToken, readCallback, revokeCallbackToken } from "../callbacks";
import { declaredOutputSchema, pickDeclared, readCapped } from "./declared-output";
import { defineAction, sleep } from "./types";

/** `sha256=<hex>` of the exact body bytes, as the receiving API recomputes it. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

const HEADER_NAME = /^[A-Za-z0-9-]+$/;

export const httpRequest = defineAction({
  id: "http:request",
  description:
    "Calls an internal provisioning API with an HMAC-SHA256-signed JSON body; optionally waits for its callback. Keeps the status and the output fields the template declares.",
  schema: z.object({
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("POST"),
    url: z.url({ protocol: /^https?$/ }),
    headers: z
      .record(z.string().regex(HEADER_NAME, "a header name"), z.union([z.string(), z.number()]).transform(String))
      .default({}),
    body: z.unknown().optional(),
    /** The HMAC key, from `${{ secrets.X }}`; the signature goes in X-Portolan-Signature. */
    secret: z.string().min(1).optional(),
    timeoutSeconds: z.coerce.number().positive().max(600).default(30),
    /** Wait for POST /api/v1/runs/{id}/callback; the declared fields of its JSON body become this step's output. */
    waitForCallback: z.boolean().default(false),
    callbackTimeoutSeconds: z.coerce
      .number()
      .positive()
      .max(24 * 3600)
      .default(900),
    pollIntervalMs: z.coerce.number().min(50).max(30_000).default(500),
    /** What to keep: `{ name: /json/pointer }` into the response's JSON (or the callback's, when waiting). */
    output: declaredOutputSchema,
  }),
  // A secret may go where it is meant to: the HMAC key and header values (an Authorization header).
  secretInputs: ["secret", "headers.*"],
  declaredOutputs: (input) => ["status", ...Object.keys((input.output as Record<string, unknown> | undefined) ?? {})],
  run: async ({ input, runId, database, log, signal }) => {
    const body = input.body === undefined || input.method === "GET" ? "" : JSON.stringify(input.body);
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": "portolan",
      "x-portolan-run": runId,
      ...input.headers,
    };
    if (body) headers["content-type"] = "application/json";
    if (input.secret) headers["x-portolan-signature"] = signBody(input.secret, body);
    if (input.waitForCallback) {
      // The token travels in a header and is stored only as a hash.
      headers["x-portolan-callback-url"] = callbackUrl(runId);
      headers["x-portolan-callback-token"] = await issueCallbackToken(database.db, runId);
    }
    await log(`${input.method} ${input.url}${input.secret ? " (signed)" : ""}`);
    const declared = Object.keys(input.output).length > 0;
    let status: number;
    let document: unknown = null;
    try {
      const response = await egressFetch(input.url, {
        method: input.method,
        headers,
        body: body || undefined,
        signal,
        timeoutMs: input.timeoutSeconds * 1000,
      });
      status = response.status;
      // The body is read only when the template asked for fields of it, and never logged.
      if (!response.ok || input.waitForCallback || !declared) await response.body?.cancel().catch(() => {});
      else {
        const text = await readCapped(response);
        try {
          document = text ? JSON.parse(text) : null;
        } catch {
          throw new Error(
            `${input.method} ${input.url} answered HTTP ${status} with a body that is not JSON, so its output fields cannot be read`,
          );
        }
      }
    } catch (error) {
      if (input.waitForCallback) await revokeCallbackToken(database.db, runId);
      throw error;
    }
    if (status < 200 || status > 299) {
      if (input.waitForCallback) await revokeCallbackToken(database.db, runId);
      throw new Error(`${input.method} ${input.url} answered HTTP ${status}`);
    }
    await log(`HTTP ${status}`);
    if (!input.waitForCallback) return keep(status, document, input.output, "the response", log);
    await log(`waiting up to ${input.callbackTimeoutSeconds} s for the callback`);
    const deadline = Date.now() + input.callbackTimeoutSeconds * 1000;
    try {
      for (;;) {
        const payload = await readCallback(database.db, runId);
        if (payload) {
          await log("callback received");
          return keep(status, payload, input.output, "the callback", log);
        }
        if (Date.now() > deadline) throw new Error(`no callback within ${input.callbackTimeoutSeconds} s`);
        await sleep(Math.min(input.pollIntervalMs, Math.max(0, deadline - Date.now()) + 1), signal);
      }
    } finally {
      await revokeCallbackToken(database.db, runId);
    }
  },
});

async function keep(
  status: number,
  document: unknown,
  declared: Record<string, string>,
  what: string,
  log: (text: string, level?: "warn") => Promise<void>,
) {
  const { output, missing } = pickDeclared(document, declared, what);
  if (missing.length) await log(`${what} has no ${missing.join(", ")}`, "warn");
  return { status, ...output };
}
