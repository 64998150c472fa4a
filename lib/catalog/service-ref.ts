// "Is this service in the catalog?" — one answer for every entry point that names a service: a
// malformed ref is a 400, an unknown one a 404 that says how to register it.
import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import { AppError } from "@/lib/errors";
import { parseEntityRef, stringifyEntityRef } from "./refs";
import { repositoryOfSql } from "./repository-of";

/** `payment-gateway`, `component:payment-gateway` or a full ref → the canonical component ref. */
export function normaliseServiceRef(input: string): string {
  const parsed = parseEntityRef(input.trim(), { defaultKind: "component", defaultNamespace: "default" });
  if (!parsed.ok)
    throw new AppError("bad_request:catalog", `service: ${parsed.message}`, [
      { field: "service", message: parsed.message },
    ]);
  return stringifyEntityRef(parsed.ref);
}

export type KnownService = { ref: string; repository: string | null };

/** The catalog entity a request names, with its GitHub repository (lib/catalog/repository-of.ts); 404 when unknown. */
export async function requireService(db: DbOrTx, input: string): Promise<KnownService> {
  const ref = normaliseServiceRef(input);
  const [row] = await queryRows<KnownService>(
    db,
    sql`select ref, ${repositoryOfSql(sql`ref`)} as repository from entities where ref = ${ref}`,
  );
  if (!row)
    throw new AppError(
      "not_found:catalog",
      `There is no ${ref} in the catalog; register the service first (POST /api/v1/catalog/import).`,
      [{ field: "service", message: `unknown service ${ref}` }],
    );
  return row;
}
