// "Which GitHub repository is this service?" — one answer, kept in the database function
// portolan_repository_of (migration 0018) because the GitHub deployment projection asks it too:
// the github.com/project-slug annotation when it names owner/name, else the repository whose
// descriptor registered the entity (a service synced from GitHub needs no annotation).
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";

/** The rule as a SQL expression over an entity ref expression, for reads that need it per row. */
export const repositoryOfSql = (entityRef: SQL) => sql`portolan_repository_of(${entityRef})`;

/** `owner/name`, or null when the entity names no repository and was not registered from one (or is unknown). */
export async function repositoryOf(db: DbOrTx, entityRef: string): Promise<string | null> {
  const [row] = await queryRows<{ repository: string | null }>(
    db,
    sql`select ${repositoryOfSql(sql`${entityRef}`)} as repository`,
  );
  return row?.repository ?? null;
}
