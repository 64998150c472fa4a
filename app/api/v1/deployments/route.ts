// GET /api/v1/deployments — deployments from every source, newest first
// POST /api/v1/deployments — any CI reports a deployment (idempotent by the caller's `id`)
import { withApi } from "@/app/api/_lib/with-api";
import { AppError } from "@/lib/errors";
import { listDeployments } from "@/lib/delivery/queries";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { deploymentInput, deploymentsQuery } from "@/lib/delivery/schemas";

export const dynamic = "force-dynamic";

export const GET = withApi("catalog:read", async ({ request, db }) => {
  const query = deploymentsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await listDeployments(db, query));
});

export const POST = withApi("delivery:write", async ({ request, db, actor, ip }) => {
  const body = await request.json().catch(() => {
    throw new AppError("bad_request:api", "The body must be JSON: { id, service, environment, ref, sha, version, status, url, startedAt, finishedAt }.");
  });
  const { deployment, created } = await recordDeployment(db, actor, deploymentInput.parse(body), { ip });
  return Response.json(deployment, { status: created ? 201 : 200 });
});
