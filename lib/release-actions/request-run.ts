// POST /api/v1/runs: one entry for every kind of run — a built-in release action (promote,
// rollback, redeploy), restart of a container preview, a user's action template on an entity or
// environment, or an environment from a self-service template.
import type { z } from "zod";
import type { Db } from "@/db/client";
import { assertCan, type Actor } from "@/lib/access/permissions";
import type { Enqueue } from "@/lib/jobs/define-job";
import { createRun } from "@/lib/provisioning/create-run";
import { findTemplate } from "@/lib/provisioning/load-templates";
import type { createRunBody } from "@/lib/provisioning/schemas";
import { isBuiltInAction } from "./built-in";
import { createActionRun } from "./create-action-run";
import { createRestartRun, RESTART } from "./restart-preview";
import { createTemplateActionRun } from "./template-action-run";

export type RunRequest = z.output<typeof createRunBody>;

export async function requestRun(
  db: Db,
  actor: Actor,
  body: RunRequest,
  deps: { enqueue: Enqueue; ip?: string | null },
) {
  assertCan(actor, "selfservice:use");
  if (isBuiltInAction(body.template)) return createActionRun(db, actor, { ...body, template: body.template }, deps);
  if (body.template === RESTART) return createRestartRun(db, actor, body, deps);
  const loaded = await findTemplate(db, body.template);
  if (loaded.template.spec.type === "action") return createTemplateActionRun(db, actor, loaded, body, deps);
  return createRun(db, actor, body, deps);
}
