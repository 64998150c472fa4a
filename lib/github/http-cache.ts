import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { githubHttpCache } from "@/db/schema";
import { egressFetch, originRule } from "@/lib/egress";
import type { RequestStats } from "./request-stats";

type FetchLike = typeof fetch;

/** No GitHub request waits longer than this (octokit has no timeout of its own). */
export const GITHUB_REQUEST_TIMEOUT_MS = 30_000;

/**
 * fetch to GitHub through the egress policy, with a timeout. The host and port of the admin-configured
 * GITHUB_API_URL are allowed even when internal (GitHub Enterprise Server on a private network, a test
 * server on loopback); anything else — a redirect elsewhere included — is judged like any request.
 */
export function githubFetch(apiUrl: string, timeoutMs = GITHUB_REQUEST_TIMEOUT_MS): FetchLike {
  const own = originRule(apiUrl);
  const allow = own ? [own] : [];
  return ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" || input instanceof URL ? input : input.url;
    return egressFetch(url, { ...init, redirect: init?.redirect ?? "follow", timeoutMs, egress: { allow } });
  }) as FetchLike;
}

const REPLAYED_HEADERS = ["link", "content-type", "etag", "last-modified"];

function limiter(max: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

function cacheKey(url: string, headers: Headers): string {
  return `${headers.get("accept") ?? ""} ${url}`;
}

function rateLimitedResponse(reset: number): Response {
  const body = {
    message: `API rate limit exceeded (not sent: the quota resets at ${new Date(reset * 1000).toISOString()}).`,
    documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
    status: "403",
  };
  return new Response(JSON.stringify(body), {
    status: 403,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": String(reset),
    },
  });
}

/**
 * The HTTP layer under octokit: at most `concurrency` requests in flight, every GET sent with the
 * stored validators (If-None-Match / If-Modified-Since), and a 304 answered from Postgres as if
 * GitHub had sent the body again — so octokit, pagination and the sync never see a 304, while
 * GitHub does not charge it to the rate limit. Lower than a request hook, it also counts retries.
 */
export function conditionalFetch(
  db: DbOrTx,
  stats: RequestStats,
  concurrency: number,
  baseFetch: FetchLike,
): FetchLike {
  const run = limiter(concurrency);
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.toString() : input.url;
    const method = (init?.method ?? "GET").toUpperCase();
    const headers = new Headers(init?.headers);
    const key = cacheKey(url, headers);
    const cached =
      method === "GET"
        ? (await db.select().from(githubHttpCache).where(eq(githubHttpCache.key, key)).limit(1))[0]
        : undefined;
    if (cached?.etag) headers.set("if-none-match", cached.etag);
    else if (cached?.lastModified) headers.set("if-modified-since", cached.lastModified);

    // Quota spent: answer as GitHub would instead of spending requests until the reset.
    const resetsAt = (stats.rateLimitReset ?? 0) * 1000;
    if (stats.rateLimitRemaining === 0 && resetsAt > Date.now()) {
      return rateLimitedResponse(stats.rateLimitReset!);
    }
    const response = await run(() => baseFetch(url, { ...init, headers }));
    stats.calls++;
    const remaining = response.headers.get("x-ratelimit-remaining");
    if (remaining !== null && response.headers.get("x-ratelimit-resource") !== "search") {
      stats.rateLimitRemaining = Number(remaining);
      stats.rateLimitReset = Number(response.headers.get("x-ratelimit-reset")) || null;
    }
    if (response.status === 304 && cached) {
      stats.notModified++;
      const replay = new Headers(cached.headers);
      for (const name of [
        "x-ratelimit-remaining",
        "x-ratelimit-limit",
        "x-ratelimit-reset",
        "x-ratelimit-used",
        "x-ratelimit-resource",
      ]) {
        const value = response.headers.get(name);
        if (value !== null) replay.set(name, value);
      }
      return new Response(cached.body, { status: 200, headers: replay });
    }
    stats.charged++;
    const etag = response.headers.get("etag");
    const lastModified = response.headers.get("last-modified");
    if (method === "GET" && response.status === 200 && (etag || lastModified)) {
      const body = await response.text();
      const kept: Record<string, string> = {};
      for (const name of REPLAYED_HEADERS) {
        const value = response.headers.get(name);
        if (value !== null) kept[name] = value;
      }
      await db
        .insert(githubHttpCache)
        .values({ key, etag, lastModified, headers: kept, body })
        .onConflictDoUpdate({
          target: githubHttpCache.key,
          set: { etag, lastModified, headers: kept, body, storedAt: sql`now()` },
        });
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
    return response;
  }) as FetchLike;
}
