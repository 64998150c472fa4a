// Counts over the whole catalog (facet counts, totals) cost a scan of every matching row, and the
// catalog page asks for the same ones on every visit. They are kept per database and filter set,
// shared by concurrent requests (one scan for a burst of visitors), and valid only while the
// catalog's fingerprint — its locations' count, import times and entity counts, which every import
// and delete changes when it finishes, in any process — is the one they were computed under.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";

const SUMMARY_TTL_MS = 30_000;
const MAX_ENTRIES = 500;

type Entry = { at: number; fingerprint: string; value: Promise<unknown> };

const caches = new WeakMap<Db, Map<string, Entry>>();

function cacheOf(db: Db): Map<string, Entry> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  return cache;
}

/** Changes whenever a location is imported, emptied, created or removed (a scan of the small locations table). */
export async function catalogFingerprint(db: Db): Promise<string> {
  const [row] = await queryRows<{ n: number; at: number; entities: number }>(
    db,
    sql`select count(*)::int as n, coalesce(sum(extract(epoch from last_imported_at)), 0)::float8 as at,
          coalesce(sum(entity_count), 0)::float8 as entities from locations`,
  );
  return `${row.n}/${row.at}/${row.entities}`;
}

/**
 * `read()`'s result for `key` while the catalog has not changed (and for SUMMARY_TTL_MS at most), shared while it runs.
 * Several summaries of one request can pass one `catalogFingerprint(db)` instead of reading it each.
 */
export async function cachedSummary<T>(
  db: Db,
  key: string,
  read: () => Promise<T>,
  currentFingerprint: Promise<string> = catalogFingerprint(db),
): Promise<T> {
  const fingerprint = await currentFingerprint;
  const entries = cacheOf(db);
  const now = performance.now();
  const hit = entries.get(key);
  if (hit && hit.fingerprint === fingerprint && now - hit.at < SUMMARY_TTL_MS) return hit.value as Promise<T>;
  if (entries.size >= MAX_ENTRIES) entries.clear();
  const value = read();
  entries.set(key, { at: now, fingerprint, value });
  // A failed read is not kept: the next visitor tries again.
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  return value;
}
