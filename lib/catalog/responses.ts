// What the catalog's routes answer, as zod schemas: the OpenAPI document is generated from them and
// route handlers are type-checked against them (lib/api/contract.ts). Dates are already ISO strings here.
import { z } from "zod";
import { LOCATION_OWNER_KINDS, LOCATION_SOURCES } from "@/db/schema";

const owner = z
  .object({ kind: z.enum(LOCATION_OWNER_KINDS), name: z.string() })
  .nullable()
  .meta({
    description:
      "Who created the location: a user (login), an API token (name) or the system (seed, catalog-import-cli, github-sync); null when unknown (rows from before owners were recorded: admins only).",
  });

const timestamp = z.iso.datetime({ offset: true });

export const entityView = z
  .looseObject({
    apiVersion: z.string(),
    kind: z.string(),
    metadata: z.looseObject({ name: z.string(), namespace: z.string().optional() }),
    spec: z.record(z.string(), z.unknown()).optional(),
    relations: z.array(z.object({ type: z.string().meta({ example: "ownedBy" }), targetRef: z.string() })),
    ref: z.string().meta({ example: "component:default/payment-gateway" }),
    source: z.object({
      location: z.string(),
      type: z.string(),
      target: z.string(),
      origin: z.enum([...LOCATION_SOURCES, "unknown"]),
      owner,
      trusted: z
        .boolean()
        .meta({ description: "Whether permissions may read this entity (group membership, sign-in)." }),
      lastImportedBy: z.string().nullable(),
      lastSeenAt: timestamp,
      updatedAt: timestamp,
    }),
  })
  .meta({
    id: "Entity",
    description: "A descriptor as written, with its relations (both ways) and where it came from.",
  });

export const entityPage = z.object({
  items: z.array(entityView),
  nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last." }),
});

const facetCount = z
  .object({ value: z.string(), count: z.number().int().meta({ description: "Entities with this value." }) })
  .meta({ id: "FacetCount" });

const facetValues = (description: string) => z.array(facetCount).optional().meta({ description });
const mostFrequent = (what: string) => facetValues(`${what}, the most frequent first (at most \`limit\`).`);

export const entityFacets = z.object({
  facets: z
    .object({
      kind: mostFrequent("Kinds (lowercase)"),
      type: mostFrequent("spec.type values"),
      owner: mostFrequent("Owner refs"),
      lifecycle: mostFrequent("spec.lifecycle values"),
      system: mostFrequent("System refs"),
      tag: mostFrequent("Tags"),
      level: facetValues("Levels of `scorecard`, the highest first (`none`: below its first level)."),
    })
    .meta({
      description:
        "The facets asked for. Each counts the entities matching every filter but its own, so the values are the choices open next to the ones taken.",
    }),
});

export const locationView = z
  .object({
    id: z.string().meta({ example: "github:acme/payments" }),
    type: z.string(),
    target: z.string(),
    source: z.enum(LOCATION_SOURCES).meta({
      description: "How it is fed: the REST API, `npm run catalog:import`, the demo seed, or the GitHub sync.",
    }),
    owner,
    trusted: z.boolean().meta({
      description:
        "Written by an admin or the system (GitHub: only the organisation's teams). Only trusted locations' groups and users count for permissions.",
    }),
    entityCount: z.number().int(),
    createdAt: timestamp,
    lastImportedAt: timestamp.nullable(),
    lastImportedBy: z.string().nullable().meta({ example: "user:dev" }),
    isImporting: z.boolean().meta({ description: "An import is writing it right now." }),
    errorCount: z.number().int(),
    errors: z
      .array(z.object({ index: z.number().int(), field: z.string(), message: z.string() }))
      .meta({ description: "The first 20 per-document errors of the last import." }),
  })
  .meta({ id: "CatalogLocation" });

export const locationPage = z.object({ items: z.array(locationView), nextCursor: z.string().nullable() });

export const deletedLocation = z.object({ id: z.string(), removedEntities: z.number().int() });

const fieldError = z.object({ field: z.string(), message: z.string() });

export const importAnswer = z.object({
  location: z.string(),
  imported: z.array(z.string()).meta({ description: "Refs of the valid documents (created, updated or unchanged)." }),
  removed: z.array(z.string()).meta({ description: "Refs the location held before and the body no longer has." }),
  errors: z.array(
    z.object({ index: z.number().int(), ref: z.string().nullable(), field: z.string(), message: z.string() }),
  ),
  documents: z.array(
    z.union([
      z.object({ index: z.number().int(), ref: z.string(), status: z.enum(["created", "updated", "unchanged"]) }),
      z.object({
        index: z.number().int(),
        ref: z.string().optional(),
        status: z.enum(["invalid", "conflict"]),
        errors: z.array(fieldError),
      }),
    ]),
  ),
  counts: z.object({
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    invalid: z.number().int(),
    removed: z.number().int(),
  }),
});

/** GET /environments/options: the teams or systems a filter picker offers. */
export const pickerOptionsView = z.object({
  items: z.array(
    z.object({
      ref: z.string().meta({ example: "group:default/payments" }),
      name: z.string(),
      title: z.string().meta({ description: "The title, else the name." }),
    }),
  ),
});
