// The catalog's shared vocabulary: Backstage-compatible entities, refs and relations.

export type EntityLink = { url: string; title?: string; icon?: string; type?: string };

export type EntityMetadata = {
  name: string;
  namespace?: string;
  title?: string;
  description?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  tags?: string[];
  links?: EntityLink[];
  [key: string]: unknown;
};

export type Entity = {
  apiVersion: string;
  kind: string;
  metadata: EntityMetadata;
  spec?: Record<string, unknown>;
  [key: string]: unknown;
};

export type CompoundEntityRef = { kind: string; namespace: string; name: string };

export const RELATION_PAIRS = {
  ownedBy: "ownerOf",
  ownerOf: "ownedBy",
  dependsOn: "dependencyOf",
  dependencyOf: "dependsOn",
  partOf: "hasPart",
  hasPart: "partOf",
  providesApi: "apiProvidedBy",
  apiProvidedBy: "providesApi",
  consumesApi: "apiConsumedBy",
  apiConsumedBy: "consumesApi",
  memberOf: "hasMember",
  hasMember: "memberOf",
  childOf: "parentOf",
  parentOf: "childOf",
} as const;

export type RelationType = keyof typeof RELATION_PAIRS;

/** A directed edge between two stringified refs (`kind:namespace/name`, lowercase). */
export type Relation = { sourceRef: string; type: RelationType; targetRef: string };

/** A problem with one field of one document; `field` is a dotted path like `spec.owner`. */
export type FieldError = { field: string; message: string };

/**
 * The outcome of reading one document of a source; expected failures are values, not throws.
 * `index` is the 0-based position among the file's non-empty documents (see parse-descriptors.ts).
 */
export type DocumentResult =
  | { ok: true; index: number; entity: Entity; ref: string; relations: Relation[] }
  | { ok: false; index: number; ref?: string; errors: FieldError[] };
