// Catalog benchmark: import a synthetic 20k-entity catalog, then time the list API's queries.
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { encodeCursor } from "@/lib/catalog/cursor";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { listEntities } from "@/lib/catalog/queries";
import { entityQuerySchema } from "@/lib/catalog/schemas";
import { formatSummary, summarise, timeMany } from "./stats";
import { syntheticCatalog } from "./synthetic-catalog";

const ACTOR: Actor = { kind: "system", name: "bench", role: "admin" };
const IMPORT_CONCURRENCY = 4;
const SEARCHES = [
  "pay",
  "booking",
  "ledger serv",
  "fraud",
  "inv",
  "checkout web",
  "tier",
  "kafka",
  "refund-worker",
  "region 4",
];

export async function benchCatalog(database: Database, total = 20_000, samples = 300): Promise<void> {
  const files = syntheticCatalog(total);
  console.log(
    `\n== Catalog (${database.kind}): ${total} entities in ${files.length} locations, ${IMPORT_CONCURRENCY} at a time ==`,
  );
  const importFile = (file: { location: string; text: string }) =>
    importDescriptors(database.db, ACTOR, {
      location: { id: file.location, type: "bench", target: file.location },
      text: file.text,
      source: file.location,
    });
  const started = performance.now();
  // As a sync would: a few locations at a time (the embedded database serialises them anyway).
  const queue = [...files];
  await Promise.all(
    Array.from({ length: IMPORT_CONCURRENCY }, async () => {
      for (let file = queue.shift(); file; file = queue.shift()) await importFile(file);
    }),
  );
  const importSeconds = (performance.now() - started) / 1000;
  console.log(
    `import: ${importSeconds.toFixed(1)} s (${Math.round(total / importSeconds)} entities/s)${importSeconds <= 20 ? "  ✔ ≤ 20 s" : "  ✖ > 20 s"}`,
  );

  // Fresh planner statistics, as autovacuum would have gathered within a minute of a bulk import.
  await database.db.execute(sql`analyze`);
  const again = performance.now();
  for (const file of files.slice(0, 50)) await importFile(file);
  console.log(`unchanged re-import of 50 locations: ${((performance.now() - again) / 1000).toFixed(2)} s`);

  const [pivot] = await queryRows<{ name: string; ref: string }>(
    database.db,
    sql`select name_key as name, ref from entities order by name_key, ref offset 9999 limit 1`,
  );
  const deepCursor = encodeCursor(10_000, { sort: "name", name: pivot.name, ref: pivot.ref });
  const cases: [string, (i: number) => Record<string, unknown>][] = [
    ["list (first page, 50)", () => ({})],
    ["list, page at 10,000 by nextCursor", () => ({ cursor: deepCursor })],
    ["list, page at 10,000 by offset only", () => ({ cursor: encodeCursor(10_000) })],
    ["filter kind+owner+lifecycle", (i) => ({ kind: "component", owner: `team-${i % 40}`, lifecycle: "production" })],
    ["filter tag+system", (i) => ({ tag: "java", system: `system-${i % 200}` })],
    ["search (q)", (i) => ({ q: SEARCHES[i % SEARCHES.length] })],
    ["search + filters", (i) => ({ q: SEARCHES[i % SEARCHES.length], kind: "component", lifecycle: "production" })],
  ];
  for (const [label, make] of cases) {
    await timeMany(20, (i) => listEntities(database.db, entityQuerySchema.parse(make(i))));
    const samplesMs = await timeMany(samples, (i) => listEntities(database.db, entityQuerySchema.parse(make(i))));
    console.log(formatSummary(label, summarise(samplesMs), 25));
  }
}
