// The use-case behind POST /api/v1/deployments: any CI reports a deployment, idempotently by its id.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deployments, serviceEnvironments } from "@/db/schema";
import { actorLabel, assertCan, type Actor } from "@/lib/access/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import type { Enqueue } from "@/lib/jobs/define-job";
import { notifyDeploymentFailed } from "@/lib/notifications/deployment-failed";
import { toDeploymentView, type DeploymentView } from "./views";
import { requireService, type KnownService } from "@/lib/catalog/service-ref";
import type { DeploymentInput } from "./schemas";

const TERMINAL = new Set(["success", "failure", "error", "inactive"]);

/**
 * Creates the deployment, or updates it when the caller sends the same `id` again (a CI reporting
 * in_progress, then success). The same id for another service or environment is a conflict.
 */
export async function recordDeployment(
  db: Db,
  actor: Actor,
  input: DeploymentInput,
  deps: { ip?: string | null; enqueue?: Enqueue | null } = {},
): Promise<{ deployment: DeploymentView; created: boolean }> {
  assertCan(actor, "delivery:write");
  const service = await requireService(db, input.service);
  try {
    return await write(db, actor, service, input, deps);
  } catch (error) {
    // Two first reports of one id at once: the loser retries and finds the winner's row.
    if (
      (error as { code?: string; cause?: { code?: string } }).code === "23505" ||
      (error as { cause?: { code?: string } }).cause?.code === "23505"
    ) {
      return write(db, actor, service, input, deps);
    }
    throw error;
  }
}

async function write(
  db: Db,
  actor: Actor,
  service: KnownService,
  input: DeploymentInput,
  deps: { ip?: string | null; enqueue?: Enqueue | null },
) {
  const now = new Date();
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(deployments)
      .where(and(eq(deployments.source, "api"), eq(deployments.externalId, input.id)))
      .for("update");
    if (existing && (existing.serviceRef !== service.ref || existing.environment !== input.environment)) {
      throw new AppError(
        "conflict:delivery",
        `Deployment id ${input.id} was already used for ${existing.serviceRef} in ${existing.environment}; ids are unique per caller.`,
        [{ field: "id", message: "already used for another service or environment" }],
      );
    }
    const startedAt = input.startedAt ? new Date(input.startedAt) : (existing?.startedAt ?? now);
    const finishedAt = input.finishedAt
      ? new Date(input.finishedAt)
      : TERMINAL.has(input.status)
        ? (existing?.finishedAt ?? now)
        : null;
    const values = {
      ref: input.ref ?? existing?.ref ?? null,
      sha: input.sha?.toLowerCase() ?? existing?.sha ?? null,
      version: input.version ?? existing?.version ?? null,
      status: input.status,
      url: input.url ?? existing?.url ?? null,
      logUrl: input.logUrl ?? existing?.logUrl ?? null,
      deployedBy: input.deployedBy ?? existing?.deployedBy ?? actorLabel(actor),
      repo: service.repository,
      firstCommitAt: input.firstCommitAt ? new Date(input.firstCommitAt) : (existing?.firstCommitAt ?? null),
      startedAt,
      finishedAt,
      updatedAt: now,
    };
    const [row] = existing
      ? await tx.update(deployments).set(values).where(eq(deployments.id, existing.id)).returning()
      : await tx
          .insert(deployments)
          .values({
            source: "api",
            externalId: input.id,
            serviceRef: service.ref,
            environment: input.environment,
            ...values,
          })
          .returning();
    await tx
      .insert(serviceEnvironments)
      .values({
        serviceRef: service.ref,
        name: input.environment,
        url: input.url ?? null,
        healthUrl: input.healthUrl ?? null,
        lastDeployedAt: startedAt,
      })
      .onConflictDoUpdate({
        target: [serviceEnvironments.serviceRef, serviceEnvironments.name],
        set: {
          url: sql`coalesce(excluded.url, ${serviceEnvironments.url})`,
          healthUrl: sql`coalesce(excluded.health_url, ${serviceEnvironments.healthUrl})`,
          lastDeployedAt: sql`greatest(${serviceEnvironments.lastDeployedAt}, excluded.last_deployed_at)`,
        },
      });
    if (!existing || existing.status !== input.status) {
      await recordAudit(tx, actor, {
        action: existing ? "deployment.update" : "deployment.create",
        target: `deployment:${row.id}`,
        details: { service: service.ref, environment: input.environment, status: input.status, id: input.id },
        ip: deps.ip,
      });
      // A failed production deployment reaches the owning team, in this transaction.
      await notifyDeploymentFailed(
        tx,
        {
          id: row.id,
          service: service.ref,
          environment: input.environment,
          version: row.version,
          status: input.status,
        },
        deps.enqueue,
      );
    }
    return { deployment: toDeploymentView(row), created: !existing };
  });
}
