// Resource-hours and cost: how long each environment has been awake (the sum of its awake intervals,
// the open one up to now) and, when an admin set a price per resource-hour (for its template, else
// for every template), what that time cost.
import { asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Db, type DbOrTx, sqlList } from "@/db/client";
import { environmentAwakeIntervals, resourcePrices } from "@/db/schema";
import { actorLabel, assertCan, type Actor } from "@/lib/access/permissions";
import { recordAudit } from "@/lib/audit/record-audit";

export type Price = { pricePerHour: number; currency: string };
export type Cost = { amount: number; currency: string; pricePerHour: number };
/** The scope of the price that applies to every template without one of its own. */
export const GLOBAL_PRICE = "*";

/** Seconds awake per environment id (absent: never awake). */
export async function awakeSeconds(db: DbOrTx, environmentIds: string[]): Promise<Map<string, number>> {
  if (!environmentIds.length) return new Map();
  const rows = await db
    .select({
      id: environmentAwakeIntervals.environmentId,
      seconds: sql<string>`sum(extract(epoch from coalesce(${environmentAwakeIntervals.endedAt}, now()) - ${environmentAwakeIntervals.startedAt}))`,
    })
    .from(environmentAwakeIntervals)
    .where(inArray(environmentAwakeIntervals.environmentId, environmentIds))
    .groupBy(environmentAwakeIntervals.environmentId);
  return new Map(rows.map((r) => [r.id, Math.max(0, Number(r.seconds))]));
}

export async function readPrices(db: DbOrTx): Promise<Map<string, Price>> {
  const rows = await db.select().from(resourcePrices);
  return new Map(rows.map((r) => [r.scope, { pricePerHour: Number(r.pricePerHour), currency: r.currency }]));
}

/** Hours to three decimals (3.6 s), so totals add up the way they are shown. */
export const toHours = (seconds: number) => Math.round(seconds / 3.6) / 1000;

/** The template's own price, else the global one; null when none is set. */
export function costOf(template: string, hours: number, prices: Map<string, Price>): Cost | null {
  const price = prices.get(template) ?? prices.get(GLOBAL_PRICE);
  if (!price) return null;
  return {
    amount: Math.round(hours * price.pricePerHour * 100) / 100,
    currency: price.currency,
    pricePerHour: price.pricePerHour,
  };
}

export type UsageTotal = {
  key: string;
  environments: number;
  resourceHours: number;
  cost: { amount: number; currency: string }[];
};

/**
 * Totals per person or team over every environment (destroyed ones too: their hours were used),
 * cost per currency (prices may be set in more than one).
 */
export async function usageTotals(
  db: DbOrTx,
  by: "owner" | "team",
  only: { owner?: string; teams?: string[] } = {},
): Promise<UsageTotal[]> {
  const key = by === "owner" ? sql`e.owner_login` : sql`coalesce(e.team_ref, 'no team')`;
  const filters = [
    ...(only.owner !== undefined ? [sql`e.owner_login = ${only.owner}`] : []),
    ...(only.teams !== undefined ? [only.teams.length ? sql`e.team_ref in (${sqlList(only.teams)})` : sql`false`] : []),
  ];
  const rows = await queryRows<{ key: string; template: string; environments: string; seconds: string }>(
    db,
    sql`select ${key} as key, e.template_name as template, count(distinct e.id) as environments,
               coalesce(sum(extract(epoch from coalesce(i.ended_at, now()) - i.started_at)), 0) as seconds
          from self_service_environments e
          left join environment_awake_intervals i on i.environment_id = e.id
         ${filters.length ? sql`where ${sql.join(filters, sql` and `)}` : sql``}
         group by 1, 2`,
  );
  const prices = await readPrices(db);
  const totals = new Map<string, { environments: number; seconds: number; cost: Map<string, number> }>();
  for (const row of rows) {
    const total = totals.get(row.key) ?? { environments: 0, seconds: 0, cost: new Map() };
    const seconds = Number(row.seconds);
    total.environments += Number(row.environments);
    total.seconds += seconds;
    const cost = costOf(row.template, toHours(seconds), prices);
    if (cost) total.cost.set(cost.currency, (total.cost.get(cost.currency) ?? 0) + cost.amount);
    totals.set(row.key, total);
  }
  return [...totals]
    .map(([k, t]) => ({
      key: k,
      environments: t.environments,
      resourceHours: toHours(t.seconds),
      cost: [...t.cost].map(([currency, amount]) => ({ currency, amount: Math.round(amount * 100) / 100 })),
    }))
    .sort((a, b) => b.resourceHours - a.resourceHours || a.key.localeCompare(b.key));
}

export const priceInput = z.object({
  scope: z
    .string()
    .trim()
    .regex(/^(\*|[a-z0-9][a-z0-9-]{0,62})$/, "name a template (its metadata.name), or * for every template"),
  /** Empty: remove the price (the template falls back to the global one; the global one to no cost). */
  pricePerHour: z.union([
    z.literal("").transform(() => null),
    z.null(),
    z.coerce.number().min(0, "a price cannot be negative").max(1_000_000, "at most 1,000,000 per resource-hour"),
  ]),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, "a three-letter currency code (EUR, USD, …)")
    .default("USD"),
});

export async function listPrices(db: DbOrTx) {
  const rows = await db.select().from(resourcePrices).orderBy(asc(resourcePrices.scope));
  return rows.map((r) => ({ ...r, pricePerHour: Number(r.pricePerHour), updatedAt: r.updatedAt.toISOString() }));
}

/** Sets (or, with no price, removes) the price per resource-hour of a template or of every template; audited. */
export async function setPrice(db: Db, actor: Actor, input: z.output<typeof priceInput>, ip: string | null = null) {
  assertCan(actor, "admin:templates");
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(resourcePrices).where(eq(resourcePrices.scope, input.scope));
    if (input.pricePerHour === null) await tx.delete(resourcePrices).where(eq(resourcePrices.scope, input.scope));
    else {
      const values = {
        pricePerHour: input.pricePerHour,
        currency: input.currency,
        updatedBy: actorLabel(actor),
        updatedAt: new Date(),
      };
      await tx
        .insert(resourcePrices)
        .values({ scope: input.scope, ...values })
        .onConflictDoUpdate({ target: resourcePrices.scope, set: values });
    }
    await recordAudit(tx, actor, {
      action: input.pricePerHour === null ? "price.remove" : "price.set",
      target: `price:${input.scope}`,
      details: {
        from: before ? { pricePerHour: Number(before.pricePerHour), currency: before.currency } : null,
        to: input.pricePerHour === null ? null : { pricePerHour: input.pricePerHour, currency: input.currency },
      },
      ip,
    });
  });
}
