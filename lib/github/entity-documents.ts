import { isValidObjectName, isValidTag } from "@/lib/catalog/field-rules";
import { deriveRelations } from "@/lib/catalog/derive-relations";
import { stringifyEntityRef } from "@/lib/catalog/refs";
import type { DocumentResult, Entity } from "@/lib/catalog/types";
import { validateEntity } from "@/lib/catalog/validate-entity";
import type { GithubRepo, GithubTeam, GithubUser } from "./types";

export const INFERRED_ANNOTATION = "portolan.dev/inferred";
const PROJECT_SLUG_ANNOTATION = "github.com/project-slug";

/** An entity we built ourselves, checked by the same rules as a descriptor. */
export function toDocument(index: number, entity: Entity): DocumentResult {
  const validated = validateEntity(entity);
  if (!validated.ok) return { ok: false, index, ref: validated.ref, errors: validated.errors };
  const ref = stringifyEntityRef(validated.entity);
  const { relations, errors } = deriveRelations(validated.entity);
  if (errors.length > 0) return { ok: false, index, ref, errors };
  return { ok: true, index, entity: validated.entity, ref, relations };
}

/** A repository name as an entity name: ".github" → "github", at most 63 characters. */
export function entityNameFor(name: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9_.-]+/g, "-")
    .replace(/[-_.]{2,}/g, "-")
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
  return isValidObjectName(cleaned) ? cleaned : "repository";
}

function tagFor(value: string): string | null {
  const tag = value.toLowerCase().trim().replace(/\s+/g, "-").slice(0, 63);
  return isValidTag(tag) ? tag : null;
}

/** The Component a repository without a descriptor stands for. */
export function inferredComponent(repo: GithubRepo, ownerTeam: string | null): Entity {
  const tags = [...(repo.topics ?? []), ...(repo.language ? [repo.language] : [])]
    .map(tagFor)
    .filter((t): t is string => t !== null);
  const annotations: Record<string, string> = {
    [PROJECT_SLUG_ANNOTATION]: repo.full_name,
    [INFERRED_ANNOTATION]: "true",
  };
  if (repo.language) annotations["github.com/language"] = repo.language;
  return {
    apiVersion: "backstage.io/v1alpha1",
    kind: "Component",
    metadata: {
      name: entityNameFor(repo.name),
      ...(repo.description?.trim() ? { description: repo.description.trim() } : {}),
      annotations,
      tags: [...new Set(tags)],
      links: [{ url: repo.html_url, title: "Repository", icon: "github" }],
    },
    spec: {
      type: "service",
      lifecycle: repo.archived ? "deprecated" : "production",
      // The short form, as descriptors write it: both resolve to group:default/<slug>.
      owner: ownerTeam ?? "unknown",
    },
  };
}

export function teamGroup(team: GithubTeam, members: GithubUser[], org: string): Entity {
  return {
    apiVersion: "backstage.io/v1alpha1",
    kind: "Group",
    metadata: {
      name: team.slug,
      ...(team.description?.trim() ? { description: team.description.trim() } : {}),
      annotations: { "github.com/team-slug": `${org}/${team.slug}` },
      ...(team.html_url ? { links: [{ url: team.html_url, title: "Team on GitHub" }] } : {}),
    },
    spec: {
      type: "team",
      profile: { displayName: team.name },
      ...(team.parent?.slug ? { parent: `group:default/${team.parent.slug}` } : {}),
      children: [],
      members: members.map((m) => `user:default/${m.login}`),
    },
  };
}

export function githubUser(user: GithubUser): Entity {
  return {
    apiVersion: "backstage.io/v1alpha1",
    kind: "User",
    metadata: { name: user.login, annotations: { "github.com/user-login": user.login } },
    spec: { profile: { ...(user.avatar_url ? { picture: user.avatar_url } : {}) }, memberOf: [] },
  };
}
