// GET /api/v1/dora — a service's or a team's DORA figures, each with the records it came from
import { withApi } from "@/app/api/_lib/with-api";
import { incidentRoutes } from "@/lib/api/routes";
import { readDora } from "@/lib/dora/report";

export const dynamic = "force-dynamic";

export const GET = withApi(incidentRoutes.dora, async ({ query, db, reply }) => reply(200, await readDora(db, query)));
