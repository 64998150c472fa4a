// Self-service preview environments beside deployed ones: read through the self-service module
// (lib/provisioning/queries.ts), never from its tables, so its lifecycle stays its own.
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/access/permissions";
import { listServicePreviews, type SelfServiceEnvironmentView } from "@/lib/provisioning/queries";
import { environmentsMatrix, type Matrix, type MatrixFilter } from "./service-environments";

export type Preview = Pick<
  SelfServiceEnvironmentView,
  "id" | "name" | "status" | "url" | "owner" | "branch" | "expiresAt" | "runId" | "health"
>;
export type MatrixWithPreviews = Matrix & { previews: Record<string, Preview[]> };

/** The live (not destroyed) previews of some services, newest first, by service ref. */
export async function previewsByService(
  db: DbOrTx,
  actor: Actor,
  serviceRefs: string[],
): Promise<Record<string, Preview[]>> {
  const out: Record<string, Preview[]> = {};
  for (const e of await listServicePreviews(db, actor, serviceRefs)) {
    if (!e.component) continue;
    (out[e.component] ??= []).push({
      id: e.id,
      name: e.name,
      status: e.status,
      url: e.url,
      owner: e.owner,
      branch: e.branch,
      expiresAt: e.expiresAt,
      runId: e.runId,
      health: e.health,
    });
  }
  return out;
}

/** The environments matrix with each listed service's previews: one more indexed read per page. */
export async function environmentsMatrixWithPreviews(
  db: DbOrTx,
  actor: Actor,
  filter: MatrixFilter = {},
): Promise<MatrixWithPreviews> {
  const matrix = await environmentsMatrix(db, filter);
  return {
    ...matrix,
    previews: await previewsByService(
      db,
      actor,
      matrix.services.map((s) => s.ref),
    ),
  };
}
