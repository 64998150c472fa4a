// GET /api/health — liveness and database check, no auth
import { sql } from "drizzle-orm";
import { withPublicApi } from "@/app/api/_lib/with-api";
import { publicRoutes } from "@/lib/api/routes";
import { getDatabase } from "@/lib/server/database";

export const dynamic = "force-dynamic";

export const GET = withPublicApi(publicRoutes.health, async ({ reply }) => {
  const started = performance.now();
  try {
    const database = await getDatabase();
    await database.db.execute(sql`select 1`);
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    return reply(200, { status: "ok", database: { kind: database.kind, latencyMs } });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return reply(503, { status: "error", database: { error: message } });
  }
});
