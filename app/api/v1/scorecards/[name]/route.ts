// GET /api/v1/scorecards/{name} — each service's result on one scorecard, a page at a time
import { withApi } from "@/app/api/_lib/with-api";
import { scorecardRoutes } from "@/lib/api/routes";
import { requireScorecard, scorecardCsv, scorecardResults } from "@/lib/scorecards/queries";
import { loadAllScorecards } from "@/lib/scorecards/catalog-scorecards";

export const dynamic = "force-dynamic";

export const GET = withApi(scorecardRoutes.getScorecard, async ({ db, params, query, reply }) => {
  const scorecard = requireScorecard(params.name, await loadAllScorecards(db));
  if (query.format === "csv")
    return new Response(await scorecardCsv(db, scorecard, query), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${scorecard.name}.csv"`,
      },
    });
  const page = await scorecardResults(db, scorecard, query);
  return reply(200, { name: scorecard.name, title: scorecard.title, levels: scorecard.levels, ...page });
});
