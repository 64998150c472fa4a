// GET /environments/data — the services × environments matrix (with previews) for the live page (session or token)
import { z } from "zod";
import { withApi } from "@/app/api/_lib/with-api";
import { environmentsMatrixWithPreviews } from "@/lib/delivery/previews";

export const dynamic = "force-dynamic";

const query = z.object({ team: z.string().max(300).optional(), system: z.string().max(300).optional(), offset: z.coerce.number().int().min(0).default(0) });

export const GET = withApi("catalog:read", async ({ request, db, actor }) => {
  const { team, system, offset } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await environmentsMatrixWithPreviews(db, actor, { team: team || undefined, system: system || undefined, offset, limit: 100 }));
});
