import fs from "node:fs";
import path from "node:path";
import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users, type Role } from "@/db/schema";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import type { Actor } from "@/lib/access/permissions";
import { dataDir } from "@/lib/runtime/config";
import { seedDemoDelivery } from "./demo-delivery";
import { DEMO_REPOS_PLACEHOLDER, demoReposUrl, ensureDemoRepository } from "./demo-repository";

const DEMO_DIR = path.join(process.cwd(), "lib", "demo", "data");
const SEED_ACTOR: Actor = { kind: "system", name: "seed", role: "admin" };

/**
 * Portal accounts for the demo's catalog users, so the development sign-in has people to type.
 * Only with the development sign-in: these accounts have no password, and in a real portal an
 * `admin` account waiting to be claimed (through GitHub, by whoever owns that login) is a gift.
 */
const DEMO_ROLES: Record<string, Role> = { admin: "admin", dev: "developer", viewer: "viewer" };

export type SeedSummary = { files: number; entities: number; invalid: number; users: number };

/** Imports the demo organisation through the catalog's own import, one location per file. */
export async function seedDemo(db: Db, options: { accounts: boolean; dataDir?: string }): Promise<SeedSummary> {
  // The demo's services point at a real repository on this machine (portolan.dev/git-url).
  const data = options.dataDir ?? dataDir();
  await ensureDemoRepository(data);
  const files = fs
    .readdirSync(DEMO_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  let entities = 0;
  let invalid = 0;
  const logins = new Set<string>();
  for (const file of files) {
    const text = fs
      .readFileSync(path.join(DEMO_DIR, file), "utf8")
      .replaceAll(DEMO_REPOS_PLACEHOLDER, demoReposUrl(data));
    const result = await importDescriptors(db, SEED_ACTOR, {
      location: { id: `demo:${file}`, type: "seed", target: `lib/demo/data/${file}` },
      text,
      source: file,
    });
    entities += result.counts.created + result.counts.updated + result.counts.unchanged;
    invalid += result.counts.invalid;
    for (const doc of result.documents) {
      if (doc.ref?.startsWith("user:default/") && !("errors" in doc)) logins.add(doc.ref.slice("user:default/".length));
    }
  }
  const values = options.accounts
    ? [...logins].map((login) => ({ login, name: login, role: DEMO_ROLES[login] ?? "developer" }))
    : [];
  if (values.length > 0) await db.insert(users).values(values).onConflictDoNothing();
  const seeded = values.length
    ? await db
        .select({ id: users.id })
        .from(users)
        .where(inArray(users.login, [...logins]))
    : [];
  await seedDemoDelivery(db);
  return { files: files.length, entities, invalid, users: seeded.length };
}
