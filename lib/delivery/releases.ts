// Release history of a service: published GitHub releases of its repository, newest first, with the
// environments each one is live in.
import { and, desc, eq, lt, or, sql, type SQL } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import { githubReleases } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { encodeTimeCursor, parseTimeCursor } from "./cursor";
import { listServiceEnvironments } from "./service-environments";
import { normaliseServiceRef } from "./service-ref";

export type ReleaseView = {
  id: number;
  tagName: string;
  name: string | null;
  notes: string | null;
  author: string | null;
  htmlUrl: string | null;
  isPrerelease: boolean;
  publishedAt: string;
  /** Environments where this release is the live version. */
  liveIn: string[];
};

/** The GitHub repository behind a service: its project-slug annotation, else the repository that registered it. */
export async function repoOfService(db: DbOrTx, serviceRef: string): Promise<string | null> {
  const [row] = await queryRows<{ repo: string | null }>(
    db,
    sql`select coalesce(e.body->'metadata'->'annotations'->>'github.com/project-slug',
          (select r.full_name from github_repositories r where r.location_id = e.location_id limit 1)) as repo
        from entities e where e.ref = ${serviceRef}`,
  );
  return row?.repo ?? null;
}

export async function listReleases(
  db: DbOrTx,
  query: { service: string; limit?: number; cursor?: string },
): Promise<{ items: ReleaseView[]; nextCursor: string | null; repo: string | null }> {
  const serviceRef = normaliseServiceRef(query.service);
  const [known] = await queryRows<{ ref: string }>(db, sql`select ref from entities where ref = ${serviceRef}`);
  if (!known)
    throw new AppError("not_found:delivery", `There is no ${serviceRef} in the catalog.`, [
      { field: "service", message: `unknown service ${serviceRef}` },
    ]);
  const repo = await repoOfService(db, serviceRef);
  if (!repo) return { items: [], nextCursor: null, repo: null };
  const limit = query.limit ?? 50;
  const published = sql`coalesce(${githubReleases.publishedAt}, ${githubReleases.createdAt})`;
  const filters: SQL[] = [eq(githubReleases.repo, repo), eq(githubReleases.isDraft, false)];
  const after = parseTimeCursor(query.cursor);
  if (after)
    filters.push(
      or(
        sql`${published} < ${new Date(after.at)}`,
        and(sql`${published} = ${new Date(after.at)}`, lt(githubReleases.id, after.id)),
      )!,
    );
  const rows = await db
    .select()
    .from(githubReleases)
    .where(and(...filters))
    .orderBy(desc(published), desc(githubReleases.id))
    .limit(limit + 1);
  const envs = await listServiceEnvironments(db, serviceRef);
  const page = rows.slice(0, limit);
  const items = page.map((r) => ({
    id: Number(r.id),
    tagName: r.tagName,
    name: r.name,
    notes: r.body,
    author: r.author,
    htmlUrl: r.htmlUrl,
    isPrerelease: r.isPrerelease,
    publishedAt: new Date(r.publishedAt ?? r.createdAt).toISOString(),
    liveIn: envs.filter((e) => e.live?.tag === r.tagName).map((e) => e.name),
  }));
  const last = page.at(-1);
  return {
    items,
    nextCursor:
      rows.length > limit && last ? encodeTimeCursor(last.publishedAt ?? last.createdAt, Number(last.id)) : null,
    repo,
  };
}
