// GET /api/v1/initiatives — initiatives with their progress
// POST /api/v1/initiatives — start one (admins)
import { withApi } from "@/app/api/_lib/with-api";
import { scorecardRoutes } from "@/lib/api/routes";
import { createInitiative, listInitiatives } from "@/lib/scorecards/initiatives";
import { applyingScorecards } from "@/lib/scorecards/catalog-scorecards";

export const dynamic = "force-dynamic";

export const GET = withApi(scorecardRoutes.listInitiatives, async ({ db, reply }) =>
  reply(200, await listInitiatives(db, await applyingScorecards(db))),
);

export const POST = withApi(scorecardRoutes.createInitiative, async ({ db, actor, body, ip, reply }) =>
  reply(201, await createInitiative(db, actor, body, await applyingScorecards(db), { ip })),
);
