// GET /api/v1/initiatives/{id} — one initiative with its progress, per team and over time
import { withApi } from "@/app/api/_lib/with-api";
import { scorecardRoutes } from "@/lib/api/routes";
import { getInitiative, initiativeProgress } from "@/lib/scorecards/initiatives";
import { applyingScorecards } from "@/lib/scorecards/catalog-scorecards";

export const dynamic = "force-dynamic";

export const GET = withApi(scorecardRoutes.getInitiative, async ({ db, params, reply }) => {
  const initiative = await getInitiative(db, params.id);
  const scorecard = (await applyingScorecards(db)).find((s) => s.name === initiative.scorecard);
  return reply(200, { ...initiative, progress: await initiativeProgress(db, initiative, scorecard) });
});
