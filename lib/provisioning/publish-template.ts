// An admin makes a catalog template runnable in exactly the version they looked at, or withdraws it.
// Both are audited; publishing refuses a broken template and anything the catalog template policy
// forbids, so what runs is always something an admin saw and the policy allows.
import { and, eq, inArray, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { entities, templatePublications } from "@/db/schema";
import { assertCan, actorLabel, type Actor } from "@/lib/access/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { loadDirectoryTemplates, loadTemplate } from "./load-templates";
import { PORTAL_TEMPLATE_TYPES } from "./template-schema";
import { policyProblems, templateHash } from "./template-trust";

export type Publication = { ref: string; hash: string; publishedBy: string; publishedAt: string };

/** The catalog Template entity a name or ref means; a directory template is trusted and has nothing to publish. */
async function catalogTemplate(db: DbOrTx, nameOrRef: string) {
  const wanted = nameOrRef.toLowerCase();
  const [row] = await db
    .select({ ref: entities.ref, body: entities.body })
    .from(entities)
    .where(
      and(
        eq(entities.kind, "template"),
        inArray(entities.specType, [...PORTAL_TEMPLATE_TYPES]),
        or(eq(entities.ref, wanted), eq(entities.name, nameOrRef), eq(entities.ref, `template:default/${wanted}`)),
      ),
    )
    .limit(1);
  if (row) return row;
  if (loadDirectoryTemplates().some((t) => t.name === wanted)) {
    throw new AppError(
      "conflict:template",
      `"${nameOrRef}" comes from PORTOLAN_TEMPLATES_DIR, which is trusted as it is; only catalog templates are published.`,
    );
  }
  throw new AppError("not_found:template", `There is no catalog template "${nameOrRef}".`);
}

export async function publishTemplate(
  db: DbOrTx,
  actor: Actor,
  nameOrRef: string,
  input: { hash?: string },
  deps: { ip?: string | null } = {},
): Promise<Publication> {
  assertCan(actor, "admin:templates");
  const { ref, body } = await catalogTemplate(db, nameOrRef);
  const hash = templateHash(body);
  if (input.hash && input.hash !== hash) {
    throw new AppError(
      "conflict:template",
      `${ref} changed since you reviewed it (you saw ${input.hash.slice(0, 12)}, it is now ${hash.slice(0, 12)}); review the new version and publish that.`,
    );
  }
  const loaded = loadTemplate(body, { kind: "catalog", ref });
  if (!loaded.ok) {
    throw new AppError(
      "unprocessable:template",
      `${ref} is broken and cannot be published: ${loaded.problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`,
      loaded.problems,
    );
  }
  const forbidden = policyProblems(loaded.template);
  if (forbidden.length) {
    throw new AppError(
      "unprocessable:template",
      `${ref} uses what the catalog template policy does not allow: ${forbidden.map((p) => `${p.field}: ${p.message}`).join("; ")}`,
      forbidden,
    );
  }
  const publishedBy = actorLabel(actor);
  return db.transaction(async (tx) => {
    const [previous] = await tx
      .select({ hash: templatePublications.hash })
      .from(templatePublications)
      .where(eq(templatePublications.ref, ref));
    const [row] = await tx
      .insert(templatePublications)
      .values({ ref, body, hash, publishedBy })
      .onConflictDoUpdate({
        target: templatePublications.ref,
        set: { body, hash, publishedBy, publishedAt: new Date() },
      })
      .returning();
    await recordAudit(tx, actor, {
      action: "template.publish",
      target: ref,
      details: { hash, previousHash: previous?.hash ?? null },
      ip: deps.ip,
    });
    return { ref, hash, publishedBy, publishedAt: row.publishedAt.toISOString() };
  });
}

/** Withdraws the published version: the template is no longer offered, and queued runs of it will not start. */
export async function withdrawTemplate(
  db: DbOrTx,
  actor: Actor,
  nameOrRef: string,
  deps: { ip?: string | null } = {},
): Promise<{ ref: string; hash: string }> {
  assertCan(actor, "admin:templates");
  const { ref } = await catalogTemplate(db, nameOrRef);
  return db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(templatePublications)
      .where(eq(templatePublications.ref, ref))
      .returning({ hash: templatePublications.hash });
    if (!removed) throw new AppError("conflict:template", `${ref} is not published; there is nothing to withdraw.`);
    await recordAudit(tx, actor, {
      action: "template.withdraw",
      target: ref,
      details: { hash: removed.hash },
      ip: deps.ip,
    });
    return { ref, hash: removed.hash };
  });
}
