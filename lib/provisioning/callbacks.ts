import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { provisioningRuns } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { appendEvent } from "./run-store";

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Where an external API calls back: PORTOLAN_PUBLIC_URL (or NEXTAUTH_URL) + /api/v1/runs/{id}/callback. */
export function callbackUrl(runId: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = (env.PORTOLAN_PUBLIC_URL ?? env.NEXTAUTH_URL ?? `http://localhost:${env.PORT ?? 3000}`).replace(
    /\/+$/,
    "",
  );
  return `${base}/api/v1/runs/${runId}/callback`;
}

/** A fresh per-run token; only its hash is stored, and any earlier payload is cleared. */
export async function issueCallbackToken(db: DbOrTx, runId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db
    .update(provisioningRuns)
    .set({ callbackTokenHash: sha256(token), callbackPayload: null })
    .where(eq(provisioningRuns.id, runId));
  return token;
}

/** The payload once the callback arrived, else null. */
export async function readCallback(db: DbOrTx, runId: string): Promise<Record<string, unknown> | null> {
  const [row] = await db
    .select({ payload: provisioningRuns.callbackPayload })
    .from(provisioningRuns)
    .where(eq(provisioningRuns.id, runId));
  return row?.payload ?? null;
}

/** Ends the wait: the token is no longer accepted, and the payload (only its declared fields became the step's output) is not kept. */
export async function revokeCallbackToken(db: DbOrTx, runId: string): Promise<void> {
  await db
    .update(provisioningRuns)
    .set({ callbackTokenHash: null, callbackPayload: null })
    .where(eq(provisioningRuns.id, runId));
}

/**
 * POST /api/v1/runs/{id}/callback: the token must match the run's stored hash (constant time);
 * it is good once. A wrong, used or missing token stores nothing and is refused with 401.
 */
export async function receiveCallback(
  db: DbOrTx,
  runId: string,
  token: string | null,
  payload: unknown,
): Promise<void> {
  const refuse = () => new AppError("unauthorized:callback", "This callback token is not valid for this run.");
  if (!token || !/^[0-9a-f-]{36}$/i.test(runId)) throw refuse();
  const [run] = await db
    .select({ hash: provisioningRuns.callbackTokenHash })
    .from(provisioningRuns)
    .where(eq(provisioningRuns.id, runId));
  const expected = Buffer.from(run?.hash ?? "0".repeat(64), "hex");
  const given = Buffer.from(sha256(token), "hex");
  if (!run?.hash || !timingSafeEqual(expected, given)) throw refuse();
  const body =
    payload && typeof payload === "object" && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : { value: payload ?? null };
  // Conditional on the same hash and no payload yet, so a replay or a race stores nothing twice.
  const [stored] = await db
    .update(provisioningRuns)
    .set({ callbackPayload: body, callbackTokenHash: null })
    .where(
      and(
        eq(provisioningRuns.id, runId),
        eq(provisioningRuns.callbackTokenHash, run.hash),
        isNotNull(provisioningRuns.callbackTokenHash),
        isNull(provisioningRuns.callbackPayload),
      ),
    )
    .returning({ id: provisioningRuns.id });
  if (!stored) throw refuse();
  await appendEvent(db, runId, "callback received");
}
