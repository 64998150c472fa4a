// Test helpers for the catalog.
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "./import-descriptors";

/** Imports `text` as `actor` into the API location `location` (its target and source named after it). */
export const importIntoLocation = (db: Db, actor: Actor, location: string, text: string) =>
  importDescriptors(db, actor, {
    location: { id: location, type: "api", target: location },
    text,
    source: `${location}.yaml`,
  });
