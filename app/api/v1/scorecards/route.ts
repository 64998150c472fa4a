// GET /api/v1/scorecards — the scorecards in force, and the broken ones with their problems
import { withApi } from "@/app/api/_lib/with-api";
import { scorecardRoutes } from "@/lib/api/routes";
import { listScorecards } from "@/lib/scorecards/queries";
import { loadAllScorecards } from "@/lib/scorecards/catalog-scorecards";

export const dynamic = "force-dynamic";

export const GET = withApi(scorecardRoutes.listScorecards, async ({ db, reply }) =>
  reply(200, listScorecards(await loadAllScorecards(db))),
);
