// npm run catalog:import -- <file-or-dir>... — import descriptor files, one location per file.
import fs from "node:fs";
import path from "node:path";
import { glob } from "tinyglobby";
import { openDatabase, type Db } from "@/db/client";
import { databaseOptionsFromEnv } from "@/lib/runtime/database-options";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { resolveLocationTargets } from "@/lib/catalog/location-targets";
import { parseDescriptors } from "@/lib/catalog/parse-descriptors";
import { AppError, isAppError } from "@/lib/errors";
import { runCli } from "./cli";

const CLI_ACTOR: Actor = { kind: "system", name: "catalog-import-cli", role: "admin" };
const DESCRIPTOR = /\.(ya?ml|json)$/i;

async function expand(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(input);
    if (!fs.existsSync(absolute)) throw new AppError("not_found:path", `${input}: no such file or directory`);
    if (fs.statSync(absolute).isDirectory()) {
      const found = await glob("**/*.{yaml,yml}", {
        cwd: absolute,
        absolute: true,
        ignore: ["**/node_modules/**", "**/.git/**"],
      });
      files.push(...found.sort());
    } else files.push(absolute);
  }
  return files;
}

/** Imports one file, prints a line per document, then follows its Location entities' targets. */
async function importFile(db: Db, file: string, visited: Set<string>): Promise<{ invalid: number }> {
  if (visited.has(file)) return { invalid: 0 };
  visited.add(file);
  const text = fs.readFileSync(file, "utf8");
  const source = path.relative(process.cwd(), file) || file;
  let invalid = 0;
  try {
    const result = await importDescriptors(db, CLI_ACTOR, {
      location: { id: `file:${file}`, type: "file", target: file },
      text,
      source,
    });
    for (const doc of result.documents) {
      if ("errors" in doc) {
        invalid++;
        for (const e of doc.errors)
          console.log(`✖ ${source} [document ${doc.index}] ${doc.ref ?? ""} ${e.field}: ${e.message}`);
      } else console.log(`✔ ${source} [document ${doc.index}] ${doc.ref} (${doc.status})`);
    }
    for (const ref of result.removed) console.log(`- ${source} ${ref} (removed: no longer in the file)`);
  } catch (error) {
    if (!isAppError(error)) throw error;
    const lines = error.details.length ? error.details : [{ message: error.message }];
    for (const d of lines) console.log(`✖ ${source} [document ${Number(d.index ?? 0)}] ${d.field ?? ""}: ${d.message}`);
    return { invalid: Math.max(1, error.details.length) };
  }
  for (const doc of parseDescriptors(text, source).documents) {
    if (!doc.ok) continue;
    for (const target of resolveLocationTargets(doc.entity, file, { defaultType: "file" })) {
      if (target.status === "unsupported") {
        console.log(`! ${source} ${doc.ref} target ${target.target}: ${target.reason}`);
        continue;
      }
      const paths = target.isGlob ? (await glob(target.path, { absolute: true })).sort() : [target.path];
      if (paths.length === 0 || !paths.every((p) => fs.existsSync(p))) {
        console.log(`✖ ${source} ${doc.ref} target ${target.target}: file not found (${target.path})`);
        invalid++;
        continue;
      }
      for (const p of paths.filter((p) => DESCRIPTOR.test(p))) invalid += (await importFile(db, p, visited)).invalid;
    }
  }
  return { invalid };
}

await runCli(async () => {
  const inputs = process.argv.slice(2).filter((a) => a !== "--");
  if (inputs.length === 0) {
    console.error("usage: npm run catalog:import -- <file-or-dir>...");
    return 2;
  }
  const files = await expand(inputs);
  const database = await openDatabase(databaseOptionsFromEnv());
  try {
    let invalid = 0;
    const visited = new Set<string>();
    for (const file of files) invalid += (await importFile(database.db, file, visited)).invalid;
    console.log(`${visited.size} file(s) imported into the ${database.kind} database; ${invalid} invalid document(s).`);
    return invalid > 0 ? 1 : 0;
  } finally {
    await database.close();
  }
});
