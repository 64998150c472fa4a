import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { entities, locations, relations } from "@/db/schema";
import { entityColumns } from "./entity-columns";
import { hashEntity } from "./entity-hash";
import type { DocumentResult, FieldError } from "./types";

export type LocationInput = { id: string; type: string; target: string };

export type DocumentOutcome =
  | { index: number; ref: string; status: "created" | "updated" | "unchanged" }
  | { index: number; ref?: string; status: "invalid" | "conflict"; errors: FieldError[] };

export type ImportResult = {
  location: string;
  documents: DocumentOutcome[];
  removed: string[];
  counts: { created: number; updated: number; unchanged: number; invalid: number; removed: number };
};

const CHUNK = 500;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Replaces everything one location contributes to the catalog, atomically. Entities that
 * vanished from the source are removed; unchanged ones keep their row (only `last_seen_at`
 * moves); a ref owned by another location is a conflict and the first owner keeps it. A
 * document that failed validation keeps its previous good version, as Backstage does.
 */
export async function importEntities(
  tx: DbOrTx,
  location: LocationInput,
  documents: DocumentResult[],
): Promise<ImportResult> {
  const now = new Date();
  const outcomes: DocumentOutcome[] = [];
  const valid = documents.filter((d): d is Extract<DocumentResult, { ok: true }> => d.ok);
  const refs = [...new Set(valid.map((d) => d.ref))];

  await tx
    .insert(locations)
    .values({ id: location.id, type: location.type, target: location.target })
    .onConflictDoUpdate({ target: locations.id, set: { type: location.type, target: location.target } });

  const existingRows = await tx
    .select({ ref: entities.ref, hash: entities.hash })
    .from(entities)
    .where(eq(entities.locationId, location.id));
  const existing = new Map(existingRows.map((row) => [row.ref, row.hash]));
  const claimed = new Map<string, string>();
  for (const part of chunks(refs.filter((ref) => !existing.has(ref)), 5000)) {
    const rows = await tx
      .select({ ref: entities.ref, locationId: entities.locationId })
      .from(entities)
      .where(and(inArray(entities.ref, part), ne(entities.locationId, location.id)));
    for (const row of rows) claimed.set(row.ref, row.locationId);
  }

  const seen = new Set<string>();
  const toWrite: { doc: Extract<DocumentResult, { ok: true }>; hash: string; isNew: boolean }[] = [];
  const unchanged: string[] = [];
  const keep = new Set<string>();
  for (const doc of documents) {
    if (!doc.ok) {
      outcomes.push({ index: doc.index, ref: doc.ref, status: "invalid", errors: doc.errors });
      if (doc.ref) keep.add(doc.ref);
      continue;
    }
    const owner = claimed.get(doc.ref);
    if (owner) {
      const message = `${doc.ref} is already defined by location "${owner}"; remove it there first or import it from that location`;
      outcomes.push({ index: doc.index, ref: doc.ref, status: "conflict", errors: [{ field: "metadata.name", message }] });
      continue;
    }
    if (seen.has(doc.ref)) {
      const message = `${doc.ref} is defined twice in this source; the first definition was kept`;
      outcomes.push({ index: doc.index, ref: doc.ref, status: "conflict", errors: [{ field: "metadata.name", message }] });
      continue;
    }
    seen.add(doc.ref);
    keep.add(doc.ref);
    const hash = hashEntity(doc.entity);
    const previous = existing.get(doc.ref);
    if (previous === hash) {
      unchanged.push(doc.ref);
      outcomes.push({ index: doc.index, ref: doc.ref, status: "unchanged" });
    } else {
      toWrite.push({ doc, hash, isNew: previous === undefined });
      outcomes.push({ index: doc.index, ref: doc.ref, status: previous === undefined ? "created" : "updated" });
    }
  }

  for (const part of chunks(toWrite)) {
    const rows = await tx
      .insert(entities)
      .values(
        part.map(({ doc, hash }) => ({
          ref: doc.ref,
          ...entityColumns(doc.entity),
          body: doc.entity,
          hash,
          locationId: location.id,
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
        // Another location may have claimed the ref since we looked (a concurrent import):
        // never take it over; that document becomes a conflict below.
        setWhere: sql`${entities.locationId} = excluded.location_id`,
      })
      .returning({ ref: entities.ref });
    const written = new Set(rows.map((r) => r.ref));
    for (const { doc } of part.filter((w) => !written.has(w.doc.ref))) {
      const message = `${doc.ref} was just defined by another location; the first definition was kept`;
      outcomes[outcomes.findIndex((o) => o.index === doc.index)] = { index: doc.index, ref: doc.ref, status: "conflict", errors: [{ field: "metadata.name", message }] };
      keep.delete(doc.ref);
    }
    const done = part.filter((w) => written.has(w.doc.ref));
    const changedRefs = done.filter((w) => !w.isNew).map((w) => w.doc.ref);
    if (changedRefs.length > 0) await tx.delete(relations).where(inArray(relations.originRef, changedRefs));
    const edges = done.flatMap(({ doc }) => doc.relations.map((r) => ({ ...r, originRef: doc.ref })));
    if (edges.length > 0) {
      // Four array parameters instead of four per edge: a location's edges in one cheap statement.
      const column = (pick: (e: (typeof edges)[number]) => string) => sql.param(edges.map(pick));
      await tx.execute(sql`insert into ${relations} (source_ref, type, target_ref, origin_ref)
        select * from unnest(${column((e) => e.sourceRef)}::text[], ${column((e) => e.type)}::text[], ${column((e) => e.targetRef)}::text[], ${column((e) => e.originRef)}::text[])
        on conflict do nothing`);
    }
  }

  for (const part of chunks(unchanged, 5000)) {
    await tx.update(entities).set({ lastSeenAt: now }).where(inArray(entities.ref, part));
  }

  // A document we could not even name might be any of the old entities: remove nothing then.
  const isComplete = documents.every((d) => d.ok || d.ref);
  const stale = isComplete ? [...existing.keys()].filter((ref) => !keep.has(ref)) : [];
  for (const part of chunks(stale, 5000)) {
    await tx.delete(entities).where(and(eq(entities.locationId, location.id), inArray(entities.ref, part)));
  }

  const errors = outcomes.flatMap((o) =>
    "errors" in o ? o.errors.map((e) => ({ index: o.index, field: e.field, message: e.message })) : [],
  );
  const count = existing.size - stale.length + outcomes.filter((o) => o.status === "created").length;
  await tx
    .update(locations)
    .set({ lastImportedAt: now, entityCount: count, lastErrors: errors })
    .where(eq(locations.id, location.id));

  const tally = (status: DocumentOutcome["status"]) => outcomes.filter((o) => o.status === status).length;
  return {
    location: location.id,
    documents: outcomes,
    removed: stale,
    counts: {
      created: tally("created"),
      updated: tally("updated"),
      unchanged: tally("unchanged"),
      invalid: tally("invalid") + tally("conflict"),
      removed: stale.length,
    },
  };
}

/** Removes a location and, through the foreign key, every entity and edge it contributed. */
export async function deleteLocation(tx: DbOrTx, locationId: string): Promise<number> {
  const removed = await tx.delete(locations).where(eq(locations.id, locationId)).returning({ id: locations.id });
  return removed.length;
}

