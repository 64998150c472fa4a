// Who is on call for a service now, read from PagerDuty's REST API (v2: `GET /services/{id}` for the
// escalation policy, `GET /oncalls?escalation_policy_ids[]=…` for who holds each level) through the
// egress policy, and cached per process so a busy service page does not spend the account's rate limit.
import { z } from "zod";
import { egressFetch, originRule } from "@/lib/egress";
import { PAGERDUTY_SERVICE_ANNOTATION } from "./services";

/** Names the escalation policy directly (no `GET /services/{id}` needed). */
export const PAGERDUTY_POLICY_ANNOTATION = "pagerduty.com/escalation-policy-id";

export type PagerdutyConfig = { apiUrl: string; token: string };

export function readPagerdutyConfig(env: Record<string, string | undefined> = process.env): PagerdutyConfig | null {
  const token = env.PAGERDUTY_API_TOKEN?.trim();
  if (!token) return null;
  return { apiUrl: (env.PAGERDUTY_API_URL || "https://api.pagerduty.com").replace(/\/+$/, ""), token };
}

export type OnCallEntry = {
  level: number;
  name: string;
  email: string | null;
  url: string | null;
  schedule: string | null;
  until: string | null;
};

export type OnCall =
  | { state: "ok"; policy: { id: string; name: string | null; url: string | null }; entries: OnCallEntry[] }
  | { state: "error"; message: string };

const reference = z.object({
  id: z.string(),
  summary: z.string().nullish(),
  html_url: z.string().nullish(),
});
const serviceAnswer = z.object({ service: z.object({ id: z.string(), escalation_policy: reference }) });
/** With include[]=users the user is the full object (name, email); without, a reference (summary). */
const oncallsAnswer = z.object({
  oncalls: z.array(
    z.object({
      escalation_level: z.number().int(),
      user: reference.extend({ name: z.string().nullish(), email: z.string().nullish() }).nullish(),
      schedule: reference.nullish(),
      escalation_policy: reference,
      start: z.string().nullish(),
      end: z.string().nullish(),
    }),
  ),
});

const TIMEOUT_MS = 10_000;
const ONCALL_TTL_MS = 60_000;
const POLICY_TTL_MS = 10 * 60_000;
const ERROR_TTL_MS = 30_000;

type Cached<T> = { until: number; value: Promise<T> };
type Holder = { __portolanPagerdutyCache?: Map<string, Cached<unknown>> };
const cache = ((globalThis as Holder).__portolanPagerdutyCache ??= new Map());

/** One in-flight or recent answer per key: concurrent page loads share a request; failures are kept briefly. */
function cached<T>(key: string, ttlMs: number, load: () => Promise<T>, now = Date.now()): Promise<T> {
  const hit = cache.get(key) as Cached<T> | undefined;
  if (hit && hit.until > now) return hit.value;
  const value = load();
  cache.set(key, { until: now + ttlMs, value });
  value.catch(() => cache.set(key, { until: Date.now() + ERROR_TTL_MS, value }));
  if (cache.size > 1000) cache.delete(cache.keys().next().value!);
  return value;
}

/** Forget every cached answer (tests). */
export function clearOnCallCache(): void {
  cache.clear();
}

class PagerdutyError extends Error {}

async function get<S extends z.ZodType>(config: PagerdutyConfig, path: string, schema: S): Promise<z.output<S>> {
  const own = originRule(config.apiUrl);
  const response = await egressFetch(`${config.apiUrl}${path}`, {
    headers: {
      authorization: `Token token=${config.token}`,
      accept: "application/vnd.pagerduty+json;version=2",
    },
    timeoutMs: TIMEOUT_MS,
    egress: { allow: own ? [own] : [] },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    const reason = body?.error?.message ?? response.statusText;
    throw new PagerdutyError(
      response.status === 401
        ? "PagerDuty refused PAGERDUTY_API_TOKEN (401); create a read-only API key."
        : `PagerDuty answered ${response.status} to ${path.split("?")[0]}: ${reason}`,
    );
  }
  const parsed = schema.safeParse(await response.json());
  if (!parsed.success) throw new PagerdutyError(`PagerDuty's answer to ${path.split("?")[0]} was not understood.`);
  return parsed.data;
}

async function policyOf(config: PagerdutyConfig, serviceId: string) {
  const answer = await cached(`${config.apiUrl}|service|${serviceId}`, POLICY_TTL_MS, () =>
    get(config, `/services/${encodeURIComponent(serviceId)}`, serviceAnswer),
  );
  return answer.service.escalation_policy;
}

async function oncallsOf(config: PagerdutyConfig, policyId: string) {
  const query = new URLSearchParams([
    ["escalation_policy_ids[]", policyId],
    ["include[]", "users"],
    ["earliest", "true"],
  ]);
  return cached(`${config.apiUrl}|oncalls|${policyId}`, ONCALL_TTL_MS, () =>
    get(config, `/oncalls?${query}`, oncallsAnswer),
  );
}

/**
 * Who is on call for the service the annotations name, by escalation level; null when the service has
 * no PagerDuty annotation or no token is configured. A PagerDuty failure is an answer, not an exception.
 */
export async function readOnCall(
  annotations: Record<string, string> | undefined,
  config: PagerdutyConfig | null = readPagerdutyConfig(),
): Promise<OnCall | null> {
  const serviceId = annotations?.[PAGERDUTY_SERVICE_ANNOTATION];
  const policyId = annotations?.[PAGERDUTY_POLICY_ANNOTATION];
  if (!config || (!serviceId && !policyId)) return null;
  try {
    const policy = policyId ? { id: policyId, summary: null, html_url: null } : await policyOf(config, serviceId!);
    const { oncalls } = await oncallsOf(config, policy.id);
    const entries = oncalls
      .filter((o) => o.user)
      .map((o) => ({
        level: o.escalation_level,
        name: o.user!.name ?? o.user!.summary ?? o.user!.id,
        email: o.user!.email ?? null,
        url: o.user!.html_url ?? null,
        schedule: o.schedule?.summary ?? null,
        until: o.end ?? null,
      }))
      .sort((a, b) => a.level - b.level || a.name.localeCompare(b.name));
    const named = oncalls[0]?.escalation_policy;
    return {
      state: "ok",
      policy: {
        id: policy.id,
        name: policy.summary ?? named?.summary ?? null,
        url: policy.html_url ?? named?.html_url ?? null,
      },
      entries,
    };
  } catch (error) {
    const message =
      error instanceof PagerdutyError
        ? error.message
        : `PagerDuty could not be reached: ${error instanceof Error ? error.message : String(error)}`;
    return { state: "error", message };
  }
}
