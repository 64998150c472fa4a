import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { entities } from "@/db/schema";
import { parseEntityRef, stringifyEntityRef } from "@/lib/catalog/refs";
import { AppError } from "@/lib/errors";

/** `payment-gateway`, `component:payment-gateway` or a full ref → the canonical component ref. */
export function normaliseServiceRef(input: string): string {
  const parsed = parseEntityRef(input.trim(), { defaultKind: "component", defaultNamespace: "default" });
  if (!parsed.ok)
    throw new AppError("bad_request:delivery", `service: ${parsed.message}`, [
      { field: "service", message: parsed.message },
    ]);
  return stringifyEntityRef(parsed.ref);
}

/** The catalog entity a deployment names; an unknown one is a 422 with the ref it looked for. */
export async function requireService(db: DbOrTx, input: string): Promise<{ ref: string; repo: string | null }> {
  const ref = normaliseServiceRef(input);
  const [row] = await db
    .select({
      ref: entities.ref,
      slug: sql<string | null>`${entities.body}->'metadata'->'annotations'->>'github.com/project-slug'`,
    })
    .from(entities)
    .where(eq(entities.ref, ref));
  if (!row) {
    throw new AppError(
      "unprocessable:delivery",
      `There is no ${ref} in the catalog; register the service first (POST /api/v1/catalog/import).`,
      [{ field: "service", message: `unknown service ${ref}` }],
    );
  }
  return { ref: row.ref, repo: row.slug ?? null };
}
