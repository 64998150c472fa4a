// Release history of a service: published GitHub releases of its repository, newest first, with the
// environments each one is live in.
import type { z } from "zod";
import type { releaseView } from "./responses";
import { and, desc, eq, lt, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { githubReleases } from "@/db/schema";
import { encodeTimeCursor, parseTimeCursor } from "./cursor";
import { listServiceEnvironments, type ServiceEnvironmentView } from "./service-environments";
import { requireService, type KnownService } from "@/lib/catalog/service-ref";

/** A release with the environments it is live in (its schema, which the API documents, is in responses.ts). */
export type ReleaseView = z.output<typeof releaseView>;

/**
 * `query.service`: a request's text (checked here: 400/404), or a service the caller has read already;
 * `environments`: the service's environments when the caller reads them anyway (the entity page).
 */
export async function listReleases(
  db: DbOrTx,
  query: { service: string | KnownService; limit?: number; cursor?: string },
  environments?: () => Promise<ServiceEnvironmentView[]>,
): Promise<{ items: ReleaseView[]; nextCursor: string | null; repo: string | null }> {
  const { ref: serviceRef, repository: repo } =
    typeof query.service === "string" ? await requireService(db, query.service) : query.service;
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
  const [rows, envs] = await Promise.all([
    db
      .select()
      .from(githubReleases)
      .where(and(...filters))
      .orderBy(desc(published), desc(githubReleases.id))
      .limit(limit + 1),
    environments ? environments() : listServiceEnvironments(db, serviceRef),
  ]);
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

/** A published (not draft) release of a repository by its tag, or null. */
export async function findRelease(db: DbOrTx, repo: string, tag: string): Promise<{ tagName: string } | null> {
  const [row] = await db
    .select({ tagName: githubReleases.tagName })
    .from(githubReleases)
    .where(
      and(
        sql`lower(${githubReleases.repo}) = lower(${repo})`,
        eq(githubReleases.tagName, tag),
        eq(githubReleases.isDraft, false),
      ),
    )
    .limit(1);
  return row ?? null;
}
