// PagerDuty v3 webhooks → incidents. Signature as PagerDuty documents it ("Verifying Signatures"):
// `X-PagerDuty-Signature` holds one or more comma-separated `v1=<hex HMAC-SHA256 of the raw body>`,
// one per signing secret (several during a rotation); one match is enough.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/access/permissions";
import { AppError } from "@/lib/errors";
import { parseJsonBody } from "@/lib/http/read-body";
import type { z } from "zod";
import { recordIncident, type IncidentPlan, type IncidentRow } from "./record";
import type { pagerdutyReceipt } from "./responses";
import {
  pagerdutyIncidentData,
  pagerdutyNoteData,
  pagerdutyPayload,
  type PagerdutyIncident,
  type PagerdutyPayload,
} from "./schemas";
import { productionEnvironmentOf, serviceFromPagerduty } from "./services";
import { severityFromPagerduty } from "./severity";

export const PAGERDUTY_ACTOR: Actor = { kind: "system", name: "pagerduty", role: "admin" };

/** Constant-time: true when one of the header's v1 signatures is the body's HMAC with one of the secrets. */
export function isValidPagerdutySignature(secrets: string[], body: string, header: string | null): boolean {
  if (!header || secrets.length === 0) return false;
  const given = header
    .split(",")
    .map((s) => s.trim())
    .filter((s) => /^v1=[0-9a-f]{64}$/i.test(s))
    .map((s) => Buffer.from(s.slice(3).toLowerCase(), "utf8"));
  return secrets.some((secret) => {
    const expected = Buffer.from(createHmac("sha256", secret).update(body, "utf8").digest("hex"), "utf8");
    return given.some((g) => g.length === expected.length && timingSafeEqual(g, expected));
  });
}

/** PAGERDUTY_WEBHOOK_SECRET; several comma-separated while rotating. */
export function readPagerdutySecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.PAGERDUTY_WEBHOOK_SECRET ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** 200 with what the event did, or 401 with the error body (nothing read, nothing stored). */
export type PagerdutyAnswer =
  | { status: 200; body: z.output<typeof pagerdutyReceipt> }
  | { status: 401; body: { error: { code: string; message: string } } };

const STATUS_EVENTS: Partial<
  Record<string, "triggered" | "acknowledged" | "resolved" | "unacknowledged" | "reopened">
> = {
  "incident.triggered": "triggered",
  "incident.acknowledged": "acknowledged",
  "incident.unacknowledged": "unacknowledged",
  "incident.resolved": "resolved",
  "incident.reopened": "reopened",
};

/** Checks the signature, then records the event; 401 (nothing stored) when it does not match. */
export async function receivePagerduty(
  db: Db,
  secrets: string[],
  request: { headers: { get(name: string): string | null }; body: string },
): Promise<PagerdutyAnswer> {
  if (secrets.length === 0)
    return {
      status: 401,
      body: {
        error: {
          code: "unauthorized:webhook",
          message: "PagerDuty webhooks are refused: PAGERDUTY_WEBHOOK_SECRET is not set.",
        },
      },
    };
  if (!isValidPagerdutySignature(secrets, request.body, request.headers.get("x-pagerduty-signature")))
    return {
      status: 401,
      body: {
        error: {
          code: "unauthorized:webhook",
          message: "The X-PagerDuty-Signature does not match PAGERDUTY_WEBHOOK_SECRET.",
        },
      },
    };
  // JSON with nothing PostgreSQL cannot store (parseJsonBody refuses U+0000 and absurd nesting with a 400).
  const parsed = pagerdutyPayload.safeParse(parseJsonBody(request.body));
  if (!parsed.success)
    throw new AppError("bad_request:webhook", "The body is not a PagerDuty v3 webhook (an object with `event`).");
  const payload: PagerdutyPayload = parsed.data;
  const result = await applyPagerdutyEvent(db, payload);
  return { status: 200, body: { ok: true as const, ...result } };
}

/** One v3 event. Incident events carry the incident; `incident.annotated` a note; the rest are acknowledged unused. */
export async function applyPagerdutyEvent(
  db: Db,
  payload: PagerdutyPayload,
): Promise<{ incident?: number; ignored?: string }> {
  const { event } = payload;
  if (event.event_type === "incident.annotated") {
    const note = pagerdutyNoteData.safeParse(event.data);
    if (!note.success) return { ignored: event.event_type };
    const result = await recordIncident(
      db,
      PAGERDUTY_ACTOR,
      { source: "pagerduty", externalKey: note.data.incident.id, scope: "latest" },
      (existing) =>
        existing && {
          state: null,
          occurredAt: new Date(event.occurred_at),
          events: [noteEntry(event, note.data.content)],
        },
    );
    return result.incident ? { incident: result.incident.id } : { ignored: "note on an unknown incident" };
  }
  if (event.resource_type !== "incident") return { ignored: event.event_type };
  const data = pagerdutyIncidentData.safeParse(event.data);
  if (!data.success)
    throw new AppError(
      "bad_request:webhook",
      `event.data is not a PagerDuty incident: ${data.error.issues[0]?.path.join(".")} ${data.error.issues[0]?.message}`,
    );
  const serviceRef = await serviceFromPagerduty(db, data.data.service.id);
  const environment = await productionEnvironmentOf(db, serviceRef);
  const result = await recordIncident(
    db,
    PAGERDUTY_ACTOR,
    { source: "pagerduty", externalKey: data.data.id, scope: "latest" },
    (existing) => planIncident(existing, event, data.data, { serviceRef, environment }),
  );
  return { incident: result.incident?.id };
}

function noteEntry(event: PagerdutyPayload["event"], content: string) {
  return {
    kind: "note" as const,
    message: content,
    at: new Date(event.occurred_at),
    actor: event.agent?.summary ?? null,
    sourceEventId: event.id,
  };
}

/** The incident as PagerDuty describes it in the event; its status field is the truth, the event type names the change. */
function planIncident(
  existing: IncidentRow | null,
  event: PagerdutyPayload["event"],
  incident: PagerdutyIncident,
  match: { serviceRef: string | null; environment: string },
): IncidentPlan {
  const at = new Date(event.occurred_at);
  const kind = STATUS_EVENTS[event.event_type] ?? "updated";
  const who = event.agent?.summary ? ` by ${event.agent.summary}` : "";
  const status = incident.status;
  return {
    occurredAt: at,
    events: [
      {
        kind,
        message: kind === "updated" ? `${event.event_type}${who}` : `${kind}${who}`,
        at,
        actor: event.agent?.summary ?? null,
        sourceEventId: event.id,
      },
    ],
    state: {
      serviceRef: match.serviceRef,
      serviceLabel:
        `pagerduty:${incident.service.id}${incident.service.summary ? ` (${incident.service.summary})` : ""}`.slice(
          0,
          300,
        ),
      environment: existing?.environment ?? match.environment,
      severity: severityFromPagerduty(incident.priority?.summary, incident.urgency),
      status,
      title: incident.title.slice(0, 500) || `PagerDuty incident ${incident.number ?? incident.id}`,
      url: incident.html_url?.slice(0, 2000) || null,
      startedAt: new Date(incident.created_at),
      acknowledgedAt:
        status === "acknowledged"
          ? (existing?.acknowledgedAt ?? at)
          : status === "resolved"
            ? (existing?.acknowledgedAt ?? null)
            : null,
      resolvedAt: status === "resolved" ? (existing?.status === "resolved" ? existing.resolvedAt : at) : null,
      details: {
        pagerduty: {
          serviceId: incident.service.id,
          escalationPolicyId: incident.escalation_policy?.id ?? null,
          number: incident.number ?? null,
        },
      },
    },
  };
}
