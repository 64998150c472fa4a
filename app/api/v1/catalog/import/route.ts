// POST /api/v1/catalog/import?location=<id> — replace a location's entities with the body's descriptors
import { withApi } from "@/app/api/_lib/with-api";
import { catalogRoutes } from "@/lib/api/routes";
import { assertLocationId, importDescriptors } from "@/lib/catalog/import-descriptors";
import { AppError } from "@/lib/errors";
import { requestScorecardRefreshAfterImport } from "@/lib/scorecards/jobs";
import { enqueue } from "@/lib/server/start";

export const dynamic = "force-dynamic";

export const POST = withApi(catalogRoutes.importDescriptors, async ({ query, body: text, db, actor, ip, reply }) => {
  const location = assertLocationId(query.location);
  if (!text.trim()) {
    throw new AppError(
      "bad_request:catalog",
      "The body is empty: send the descriptor YAML (or JSON) as the request body.",
    );
  }
  const result = await importDescriptors(db, actor, {
    location: { id: location, type: "api", target: location },
    text,
    source: location,
    ip,
  });
  requestScorecardRefreshAfterImport(enqueue);
  const imported = result.documents.flatMap((d) => ("errors" in d ? [] : [d.ref]));
  const errors = result.documents.flatMap((d) =>
    "errors" in d
      ? d.errors.map((e) => ({ index: d.index, ref: d.ref ?? null, field: e.field, message: e.message }))
      : [],
  );
  return reply(200, {
    location,
    imported,
    errors,
    removed: result.removed,
    documents: result.documents,
    counts: result.counts,
  });
});
