// The steps of replacing what one location holds, shared by the one-transaction import (GitHub
// sync) and the chunked one (API, CLI, seed): plan (reads only), write changed entities in parts,
// touch unchanged ones, remove the vanished ones last.
import { and, asc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import { queryRows, sqlTextArray, type DbOrTx } from "@/db/client";
import { entities, relations } from "@/db/schema";
import { finishLocation, type Claim } from "./claim-location";
import { findUnstorable, storableText } from "./document-limits";
import { entityColumns } from "./entity-columns";
import { hashEntity } from "./entity-hash";
import { noPause, type Pace } from "./event-loop";
import type { DocumentResult, FieldError } from "./types";

export type DocumentOutcome =
  | { index: number; ref: string; status: "created" | "updated" | "unchanged" }
  | { index: number; ref?: string; status: "invalid" | "conflict"; errors: FieldError[] };

export type ImportResult = {
  location: string;
  documents: DocumentOutcome[];
  removed: string[];
  counts: { created: number; updated: number; unchanged: number; invalid: number; removed: number };
};

type ValidDocument = Extract<DocumentResult, { ok: true }>;
export type PendingWrite = { doc: ValidDocument; hash: string; isNew: boolean };

export type ImportPlan = {
  locationId: string;
  outcomes: DocumentOutcome[];
  toWrite: PendingWrite[];
  unchanged: string[];
  /** Refs this import keeps: written, unchanged, or failed validation (their last good version stays). */
  keep: Set<string>;
  /** What the location held before: ref → hash. */
  existing: Map<string, string>;
  /** False when a document could not even be named: it might be any old entity, so nothing is removed. */
  isComplete: boolean;
  /** Refs planned so far (a second definition in the same source is a conflict). */
  seen: Set<string>;
};

/** Rows per read while planning. */
const READ_PAGE = 1000;
/** At most this many errors are kept on the location (the import's answer lists them all). */
const MAX_STORED_ERRORS = 1000;

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Decides, per document, what the import will do. Reads only; may pause between documents. */
export async function planImport(
  q: DbOrTx,
  locationId: string,
  documents: DocumentResult[],
  pace: Pace = noPause,
): Promise<ImportPlan> {
  const plan = await startPlan(q, locationId, pace);
  await planDocuments(plan, documents, pace);
  return plan;
}

/** An empty plan with what the location holds now (read in pages, so no statement holds the embedded database long). */
export async function startPlan(q: DbOrTx, locationId: string, pace: Pace = noPause): Promise<ImportPlan> {
  const existing = new Map<string, string>();
  for (let after = ""; ;) {
    const rows = await q
      .select({ ref: entities.ref, hash: entities.hash })
      .from(entities)
      .where(and(eq(entities.locationId, locationId), gt(entities.ref, after)))
      .orderBy(asc(entities.ref))
      .limit(READ_PAGE);
    for (const row of rows) existing.set(row.ref, row.hash);
    if (rows.length < READ_PAGE) break;
    after = rows[rows.length - 1].ref;
    await pace();
  }
  return {
    locationId,
    outcomes: [],
    toWrite: [],
    unchanged: [],
    keep: new Set(),
    existing,
    isComplete: true,
    seen: new Set(),
  };
}

/**
 * Adds documents (in file order, after any planned before) to the plan; returns the writes they
 * need. A streaming import calls this once per slice of the file. Reads nothing: a ref another
 * location holds is refused by the upsert, and writeEntities reports it as a conflict.
 */
export async function planDocuments(
  plan: ImportPlan,
  documents: DocumentResult[],
  pace: Pace = noPause,
): Promise<PendingWrite[]> {
  const { existing, seen } = plan;
  if (!documents.every((d) => d.ok || d.ref)) plan.isComplete = false;
  const writes: PendingWrite[] = [];
  for (const doc of documents) {
    await pace();
    // Documents may come from elsewhere than parseDescriptors (the GitHub sync builds some): the
    // database must never be what finds a NUL character.
    const unstorable = doc.ok ? findUnstorable(doc.entity) : null;
    if (!doc.ok || unstorable) {
      plan.outcomes.push({
        index: doc.index,
        ref: doc.ref,
        status: "invalid",
        errors: doc.ok ? [unstorable!] : doc.errors,
      });
      if (doc.ref) plan.keep.add(doc.ref);
      continue;
    }
    if (seen.has(doc.ref)) {
      const message = `${doc.ref} is defined twice in this source; the first definition was kept`;
      plan.outcomes.push({
        index: doc.index,
        ref: doc.ref,
        status: "conflict",
        errors: [{ field: "metadata.name", message }],
      });
      continue;
    }
    seen.add(doc.ref);
    plan.keep.add(doc.ref);
    const hash = hashEntity(doc.entity);
    const previous = existing.get(doc.ref);
    if (previous === hash) {
      plan.unchanged.push(doc.ref);
      plan.outcomes.push({ index: doc.index, ref: doc.ref, status: "unchanged" });
    } else {
      writes.push({ doc, hash, isNew: previous === undefined });
      plan.outcomes.push({ index: doc.index, ref: doc.ref, status: previous === undefined ? "created" : "updated" });
    }
  }
  plan.toWrite.push(...writes);
  return writes;
}

async function upsertPlain(tx: DbOrTx, plan: ImportPlan, part: PendingWrite[], now: Date): Promise<{ ref: string }[]> {
  return tx
    .insert(entities)
    .values(
      part.map(({ doc, hash }) => ({
        ref: doc.ref,
        ...entityColumns(doc.entity),
        body: doc.entity,
        hash,
        locationId: plan.locationId,
        updatedAt: now,
        lastSeenAt: now,
      })),
    )
    .onConflictDoUpdate({
      target: entities.ref,
      set: {
        kind: sql`excluded.kind`,
        namespace: sql`excluded.namespace`,
        name: sql`excluded.name`,
        title: sql`excluded.title`,
        description: sql`excluded.description`,
        specType: sql`excluded.spec_type`,
        lifecycle: sql`excluded.lifecycle`,
        ownerRef: sql`excluded.owner_ref`,
        systemRef: sql`excluded.system_ref`,
        tags: sql`excluded.tags`,
        body: sql`excluded.body`,
        hash: sql`excluded.hash`,
        updatedAt: now,
        lastSeenAt: now,
      },
      setWhere: sql`${entities.locationId} = excluded.location_id`,
    })
    .returning({ ref: entities.ref });
}

/** The JSON parameter of upsertAsJson: the rows of a part, one object each. */
function recordsOf(part: PendingWrite[]): string {
  return JSON.stringify(
    part.map(({ doc, hash }) => {
      const columns = entityColumns(doc.entity);
      return {
        ref: doc.ref,
        kind: columns.kind,
        namespace: columns.namespace,
        name: columns.name,
        title: columns.title,
        description: columns.description,
        spec_type: columns.specType,
        lifecycle: columns.lifecycle,
        owner_ref: columns.ownerRef,
        system_ref: columns.systemRef,
        tags: columns.tags,
        body: doc.entity,
        hash,
      };
    }),
  );
}

/**
 * The upsert of `writeEntities` with the rows as one JSON parameter (`recordsOf`), expanded by the
 * database: a statement of 500 entities is one parameter instead of 8,500 that the app builds and
 * sends one by one. Faster on real Postgres; slower on the embedded database, which keeps the plain
 * statement.
 */
async function upsertAsJson(tx: DbOrTx, plan: ImportPlan, records: string, now: Date): Promise<{ ref: string }[]> {
  return queryRows<{ ref: string }>(
    tx,
    sql`insert into ${entities} as e (ref, kind, namespace, name, title, description, spec_type, lifecycle, owner_ref, system_ref, tags, body, hash, location_id, updated_at, last_seen_at)
      select r.ref, r.kind, r.namespace, r.name, r.title, r.description, r.spec_type, r.lifecycle, r.owner_ref, r.system_ref, r.tags, r.body, r.hash, ${plan.locationId}, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
      from jsonb_to_recordset(${records}::jsonb) as r(ref text, kind text, namespace text, name text, title text, description text, spec_type text, lifecycle text, owner_ref text, system_ref text, tags text[], body jsonb, hash text)
      on conflict (ref) do update set
        kind = excluded.kind, namespace = excluded.namespace, name = excluded.name, title = excluded.title,
        description = excluded.description, spec_type = excluded.spec_type, lifecycle = excluded.lifecycle,
        owner_ref = excluded.owner_ref, system_ref = excluded.system_ref, tags = excluded.tags,
        body = excluded.body, hash = excluded.hash, updated_at = excluded.updated_at, last_seen_at = excluded.last_seen_at
      where e.location_id = excluded.location_id
      returning e.ref`,
  );
}

/**
 * Makes the caller's transaction the only one writing the catalog until it ends. Every slice of an
 * import updates kept rows other imports' slices update too (facet counts, relation lists, through the
 * triggers), in another order, several statements a transaction: two imports side by side deadlocked
 * (4,000 entities in 8 files, two at a time: 3 runs in 3). Taken first in each write transaction, it
 * makes them take turns a transaction (~250 ms) at a time; parsing still overlaps. The lock ends with
 * the transaction; a conflict with another writer is still retried (retryTransactionConflicts).
 */
export async function lockCatalogWrites(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('portolan:catalog-writes'))`);
}

type Edge = { sourceRef: string; type: string; targetRef: string; originRef: string };

/**
 * A part of the changed entities with what its statements send, built before the write: a streaming
 * import builds the next part's while the database writes this one (importLocationStreaming).
 */
export type PreparedPart = {
  writes: PendingWrite[];
  /** The rows as one JSON parameter (real Postgres, see upsertAsJson), or null for bind parameters. */
  records: string | null;
  edges: Edge[];
};

export function preparePart(writes: PendingWrite[], asJson: boolean): PreparedPart {
  return {
    writes,
    records: asJson && writes.length > 0 ? recordsOf(writes) : null,
    edges: writes.flatMap(({ doc }) => doc.relations.map((r) => ({ ...r, originRef: doc.ref }))),
  };
}

/**
 * Upserts a part of the changed entities and replaces their edges. A ref another location holds is
 * never taken over: the upsert refuses it, and it becomes a conflict naming that location.
 */
export async function writeEntities(tx: DbOrTx, plan: ImportPlan, prepared: PreparedPart, now: Date): Promise<void> {
  const part = prepared.writes;
  if (part.length === 0) return;
  const rows = prepared.records
    ? await upsertAsJson(tx, plan, prepared.records, now)
    : await upsertPlain(tx, plan, part, now);
  const written = new Set(rows.map((r) => r.ref));
  const refused = part.filter((w) => !written.has(w.doc.ref));
  const owners = new Map<string, string>();
  if (refused.length > 0) {
    const refs = refused.map((w) => w.doc.ref);
    const rows = await tx
      .select({ ref: entities.ref, locationId: entities.locationId })
      .from(entities)
      .where(inArray(entities.ref, refs));
    for (const row of rows) owners.set(row.ref, row.locationId);
  }
  for (const { doc } of refused) {
    const owner = owners.get(doc.ref);
    // No owner: the location that held it removed it between the upsert and this read.
    const message = owner
      ? `${doc.ref} is already defined by location "${owner}"; remove it there first or import it from that location`
      : `${doc.ref} was just defined by another location; the first definition was kept`;
    plan.outcomes[plan.outcomes.findIndex((o) => o.index === doc.index)] = {
      index: doc.index,
      ref: doc.ref,
      status: "conflict",
      errors: [{ field: "metadata.name", message }],
    };
    plan.keep.delete(doc.ref);
  }
  const changedRefs = part.filter((w) => !w.isNew && written.has(w.doc.ref)).map((w) => w.doc.ref);
  if (changedRefs.length > 0) await tx.delete(relations).where(edgesOriginatedBy(changedRefs));
  const edges = refused.length > 0 ? prepared.edges.filter((e) => written.has(e.originRef)) : prepared.edges;
  if (edges.length > 0) {
    // Four array parameters instead of four per edge: a location's edges in one cheap statement.
    // No `on conflict`: none can occur (a document's edges are distinct, a changed entity's old ones
    // were just deleted, and a new one has none: they go with its row (the entities_removed trigger),
    // which the claim on the location kept anyone else from writing), and its speculative insertion
    // probed the four-column primary key twice per edge (20–50% of the statement in measurements).
    const column = (pick: (e: (typeof edges)[number]) => string) => sqlTextArray(edges.map(pick));
    await tx.execute(sql`insert into ${relations} (source_ref, type, target_ref, origin_ref)
      select * from unnest(${column((e) => e.sourceRef)}, ${column((e) => e.type)}, ${column((e) => e.targetRef)}, ${column((e) => e.originRef)})`);
  }
}

/**
 * The edges `refs` produced. An edge's origin is its source or its target (relations.originRef), so
 * they are found through the source and target indexes; the origin has none of its own (migration 0038).
 */
function edgesOriginatedBy(refs: string[]): SQL {
  const list = sqlTextArray(refs);
  return sql`(${relations.sourceRef} = any(${list}) or ${relations.targetRef} = any(${list})) and ${relations.originRef} = any(${list})`;
}

export async function touchEntities(tx: DbOrTx, plan: ImportPlan, refs: string[], now: Date): Promise<void> {
  if (refs.length > 0)
    await tx
      .update(entities)
      .set({ lastSeenAt: now })
      .where(and(eq(entities.locationId, plan.locationId), inArray(entities.ref, refs)));
}

/** Entities the location held that this import no longer has (none if a document had no name). */
export function staleRefs(plan: ImportPlan): string[] {
  return plan.isComplete ? [...plan.existing.keys()].filter((ref) => !plan.keep.has(ref)) : [];
}

export async function removeEntities(tx: DbOrTx, plan: ImportPlan, refs: string[]): Promise<void> {
  if (refs.length > 0)
    await tx.delete(entities).where(and(eq(entities.locationId, plan.locationId), inArray(entities.ref, refs)));
}

/** Old entities this import neither rewrote, confirmed unchanged, nor removed: they stay as they were. */
export function keptPrevious(plan: ImportPlan, removed: string[]): number {
  const replaced = new Set([...plan.unchanged, ...plan.toWrite.map((w) => w.doc.ref), ...removed]);
  return [...plan.existing.keys()].filter((ref) => !replaced.has(ref)).length;
}

/** The per-document errors to keep on the location (text PostgreSQL can store, at most 1000). */
export function storedErrors(plan: ImportPlan): { index: number; field: string; message: string }[] {
  return plan.outcomes
    .flatMap((o) =>
      "errors" in o
        ? o.errors.map((e) => ({ index: o.index, field: storableText(e.field), message: storableText(e.message) }))
        : [],
    )
    .slice(0, MAX_STORED_ERRORS);
}

export function resultOf(plan: ImportPlan, removed: string[]): ImportResult {
  const tally = (status: DocumentOutcome["status"]) => plan.outcomes.filter((o) => o.status === status).length;
  return {
    location: plan.locationId,
    documents: plan.outcomes,
    removed,
    counts: {
      created: tally("created"),
      updated: tally("updated"),
      unchanged: tally("unchanged"),
      invalid: tally("invalid") + tally("conflict"),
      removed: removed.length,
    },
  };
}

/**
 * The end of an import, in the caller's transaction: records the outcome on the location (errors,
 * trust, counts) under the claim and returns the result. `stale` are the entities it removed.
 */
export async function finishImport(
  tx: DbOrTx,
  plan: ImportPlan,
  claim: Claim,
  stale: string[],
  now: Date,
): Promise<ImportResult> {
  await finishLocation(tx, plan.locationId, claim, {
    errors: storedErrors(plan),
    keptPrevious: keptPrevious(plan, stale),
    at: now,
  });
  return resultOf(plan, stale);
}

/** Confirms the unchanged entities, removes the vanished ones and finishes, in one transaction. */
export async function completeImport(tx: DbOrTx, plan: ImportPlan, claim: Claim, now: Date): Promise<ImportResult> {
  for (const part of chunks(plan.unchanged, 5000)) await touchEntities(tx, plan, part, now);
  const stale = staleRefs(plan);
  for (const part of chunks(stale, 5000)) await removeEntities(tx, plan, part);
  return finishImport(tx, plan, claim, stale, now);
}
