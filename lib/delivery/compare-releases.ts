// "What changed between v1.4 and v1.5": GitHub's compare API, fetched by a job and kept in Postgres
// (tags do not move, so a fetched comparison stays true). Pages only ever read the stored row.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Octokit } from "octokit";
import type { DbOrTx } from "@/db/client";
import { releaseComparisons, type ComparedCommit } from "@/db/schema";
import type { Enqueue } from "@/lib/jobs/define-job";

export type Comparison = typeof releaseComparisons.$inferSelect;
export const COMPARE_JOB = "release-compare";
/** A failed fetch is retried when asked again after this long. */
const RETRY_FAILED_MS = 60_000;

export async function getComparison(db: DbOrTx, repo: string, base: string, head: string): Promise<Comparison | null> {
  const [row] = await db
    .select()
    .from(releaseComparisons)
    .where(
      and(eq(releaseComparisons.repo, repo), eq(releaseComparisons.base, base), eq(releaseComparisons.head, head)),
    );
  return row ?? null;
}

/** The stored comparisons of several base...head pairs in one repository, in one query (null where none is). */
export async function getComparisons(
  db: DbOrTx,
  repo: string,
  pairs: { base: string; head: string }[],
): Promise<(Comparison | null)[]> {
  if (!pairs.length) return [];
  const rows = await db
    .select()
    .from(releaseComparisons)
    .where(
      and(eq(releaseComparisons.repo, repo), inArray(releaseComparisons.head, [...new Set(pairs.map((p) => p.head))])),
    );
  return pairs.map(({ base, head }) => rows.find((r) => r.base === base && r.head === head) ?? null);
}

/** Returns what is stored; when nothing (or an old failure) is, records a pending row and enqueues the fetch. */
export async function requestComparison(
  db: DbOrTx,
  enqueue: Enqueue | null,
  repo: string,
  base: string,
  head: string,
): Promise<Comparison> {
  const existing = await getComparison(db, repo, base, head);
  const age = existing ? Date.now() - new Date(existing.fetchedAt ?? existing.requestedAt).getTime() : Infinity;
  if (existing?.status === "ready") return existing;
  if (existing?.status === "pending" && age < 5 * 60_000) return existing;
  if (existing?.status === "failed" && age < RETRY_FAILED_MS) return existing;
  if (!enqueue) {
    const error = "GitHub is not configured here, so the commits between releases cannot be fetched.";
    const [row] = await db
      .insert(releaseComparisons)
      .values({ repo, base, head, status: "failed", error, fetchedAt: new Date() })
      .onConflictDoUpdate({
        target: [releaseComparisons.repo, releaseComparisons.base, releaseComparisons.head],
        set: { status: "failed", error, fetchedAt: new Date() },
      })
      .returning();
    return row;
  }
  const [row] = await db
    .insert(releaseComparisons)
    .values({ repo, base, head, status: "pending" })
    .onConflictDoUpdate({
      target: [releaseComparisons.repo, releaseComparisons.base, releaseComparisons.head],
      set: { status: "pending", error: null, requestedAt: sql`now()` },
    })
    .returning();
  await enqueue(COMPARE_JOB, { repo, base, head }, { singletonKey: `${repo}:${base}...${head}` });
  return row;
}

type CompareResponse = {
  html_url?: string;
  ahead_by?: number;
  total_commits?: number;
  commits?: {
    sha: string;
    html_url?: string;
    commit: { message: string; author?: { name?: string; date?: string } | null };
    author?: { login?: string } | null;
  }[];
};

/** The job's work: one compare call, stored as ready (or failed with GitHub's reason). */
export async function fetchComparison(
  db: DbOrTx,
  octokit: Octokit,
  repo: string,
  base: string,
  head: string,
): Promise<Comparison> {
  const [owner, name] = repo.split("/");
  try {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", {
      owner,
      repo: name,
      basehead: `${base}...${head}`,
    });
    const body = data as CompareResponse;
    const commits: ComparedCommit[] = (body.commits ?? []).map((c) => ({
      sha: c.sha,
      message: c.commit.message,
      author: c.commit.author?.name ?? null,
      authorLogin: c.author?.login ?? null,
      date: c.commit.author?.date ?? null,
      htmlUrl: c.html_url ?? null,
    }));
    const values = {
      status: "ready" as const,
      commits,
      aheadBy: body.ahead_by ?? commits.length,
      totalCommits: body.total_commits ?? commits.length,
      htmlUrl: body.html_url ?? null,
      error: null,
      fetchedAt: new Date(),
    };
    return await store(db, repo, base, head, values);
  } catch (error) {
    const status = (error as { status?: number }).status;
    const message =
      status === 404
        ? `GitHub does not know ${base} or ${head} in ${repo}.`
        : `GitHub compare failed: ${(error as Error).message}`;
    return store(db, repo, base, head, { status: "failed", error: message, fetchedAt: new Date() });
  }
}

async function store(
  db: DbOrTx,
  repo: string,
  base: string,
  head: string,
  values: Partial<Comparison>,
): Promise<Comparison> {
  const [row] = await db
    .insert(releaseComparisons)
    .values({ repo, base, head, status: "pending", ...values })
    .onConflictDoUpdate({
      target: [releaseComparisons.repo, releaseComparisons.base, releaseComparisons.head],
      set: values,
    })
    .returning();
  return row;
}
