// GET /environments/data — the services × environments matrix for the live page (session or token)
import { z } from "zod";
import { withApi } from "@/app/api/_lib/with-api";
import { environmentsMatrix } from "@/lib/delivery/environments";

export const dynamic = "force-dynamic";

const query = z.object({ team: z.string().max(300).optional(), system: z.string().max(300).optional(), offset: z.coerce.number().int().min(0).default(0) });

export const GET = withApi("catalog:read", async ({ request, db }) => {
  const { team, system, offset } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await environmentsMatrix(db, { team: team || undefined, system: system || undefined, offset, limit: 100 }));
});
