// What a big import costs everyone else: the latency of /api/health's query (`select 1`) while a
// 5 MB descriptor file is imported, deleted, and (for comparison) imported in one transaction as
// before. On the embedded database there is one connection, so every transaction the import holds
// is time other requests wait; on PostgreSQL they mostly do not. Probes are measured from when they
// were due, so time the event loop was blocked counts too.
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import type { Actor } from "@/lib/access/permissions";
import { deleteCatalogLocation } from "@/lib/catalog/delete-location";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { MAX_FILE_BYTES } from "@/lib/catalog/document-limits";
import { deleteLocation, importEntities } from "@/lib/catalog/import-entities";
import { parseDescriptors } from "@/lib/catalog/parse-descriptors";
import { formatSummary, summarise } from "./stats";
import { syntheticCatalog } from "./synthetic-catalog";

const ACTOR: Actor = { kind: "system", name: "bench", role: "admin" };
const PROBE_EVERY_MS = 20;

/** One descriptor file of about `megabytes` MB (at most the import's limit), shaped like a real catalog. */
function bigFile(megabytes: number): { text: string; documents: number } {
  const wanted = Math.min(megabytes * 1024 * 1024, MAX_FILE_BYTES - 64 * 1024);
  const files = syntheticCatalog(Math.ceil(wanted / 300), 50);
  const parts: string[] = [];
  let length = 0;
  for (const file of files) {
    if (length + file.text.length + 4 > wanted) break;
    parts.push(file.text);
    length += file.text.length + 4;
  }
  const text = parts.join("\n---\n");
  return { text, documents: text.split("\n---\n").length };
}

/** Probes the database every PROBE_EVERY_MS until `work` settles; latency counts from when each probe was due. */
async function probeWhile(database: Database, work: Promise<unknown>): Promise<{ samples: number[]; ms: number }> {
  const started = performance.now();
  let isDone = false;
  const settled = work.finally(() => (isDone = true));
  const samples: number[] = [];
  while (!isDone) {
    const due = performance.now() + PROBE_EVERY_MS;
    await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
    await database.db.execute(sql`select 1`);
    samples.push(performance.now() - due);
  }
  await settled;
  return { samples, ms: performance.now() - started };
}

function report(label: string, run: { samples: number[]; ms: number }) {
  const summary = summarise(run.samples.length ? run.samples : [0]);
  const verdict = summary.max <= 100 ? "✔ max ≤ 100 ms" : "✖ max > 100 ms";
  console.log(
    `${formatSummary(`${label} (${(run.ms / 1000).toFixed(1)} s)`, summary)}  max ${summary.max.toFixed(1)} ms  ${verdict}`,
  );
}

export async function benchImportLatency(
  database: Database,
  megabytes = Number(process.env.BENCH_IMPORT_MB ?? 5),
): Promise<void> {
  const { text, documents } = bigFile(megabytes);
  const size = (text.length / 1024 / 1024).toFixed(1);
  console.log(
    `\n== Import latency (${database.kind}): /api/health's query every ${PROBE_EVERY_MS} ms while a ${size} MB file (${documents} documents) is imported ==`,
  );
  const location = { id: "bench/big", type: "api", target: "bench" };
  const importBig = () => importDescriptors(database.db, ACTOR, { location, text, source: "big.yaml" });

  report("idle", await probeWhile(database, new Promise((resolve) => setTimeout(resolve, 1000))));
  report("import, new location", await probeWhile(database, importBig()));
  report("re-import, unchanged", await probeWhile(database, importBig()));
  report("delete the location", await probeWhile(database, deleteCatalogLocation(database.db, ACTOR, location.id)));
  if (process.env.BENCH_IMPORT_COMPARE === "false") return;
  // As imports ran before: parse at once, then one transaction.
  const oneTransaction = async () => {
    await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
    const { documents: parsed } = parseDescriptors(text, "big.yaml");
    await database.db.transaction((tx) =>
      importEntities(tx, { ...location, id: "bench/one-transaction" }, parsed, { actor: ACTOR, source: "api" }),
    );
  };
  report("before: parse at once + one transaction", await probeWhile(database, oneTransaction()));
  await database.db.transaction((tx) => deleteLocation(tx, "bench/one-transaction"));
}
