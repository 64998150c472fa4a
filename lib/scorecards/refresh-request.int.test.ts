// Refresh requests through the real queue (pg-boss on either driver): requests for what changed
// become one job while it waits; a service's own refresh is never merged away.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { startWorker, type Queue } from "@/lib/jobs/queue";
import { requestScorecardRefresh, SCORECARDS_REFRESH, scorecardsRefreshJob } from "./jobs";

describe.each(testDatabases())("scorecard refresh requests on $name", (target) => {
  let database: Database;
  let queue: Queue;
  beforeAll(async () => {
    database = await target.open();
    // Sending only: nothing takes the jobs, so the test sees each one waiting.
    queue = await startWorker(database, { jobs: [scorecardsRefreshJob], work: false });
  });
  afterAll(async () => {
    await queue?.stop();
    await database?.close();
  });

  const waiting = async () =>
    queryRows<{ mode: string; n: number }>(
      database.db,
      sql`select data->>'mode' as mode, count(*)::int as n from pgboss.job
          where name = ${SCORECARDS_REFRESH} and state = 'created' group by 1 order by 1`,
    );

  it("merges a burst of requests for what changed into this slot's run and the next, and keeps every service's own", async () => {
    for (let i = 0; i < 5; i++) await requestScorecardRefresh(queue.enqueue);
    await requestScorecardRefresh(queue.enqueue, ["component:default/a"]);
    await requestScorecardRefresh(queue.enqueue, ["component:default/a"]);
    // The first is this slot's run, the second becomes the next slot's (so a change made after the
    // first run starts is still refreshed); the other three are in those two.
    expect(await waiting()).toEqual([
      { mode: "changed", n: 2 },
      { mode: "entities", n: 2 },
    ]);
  });
});
