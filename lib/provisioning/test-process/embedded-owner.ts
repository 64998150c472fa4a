// A stand-in for the app on the embedded database, for worker-crash.int.test.ts: opens the data
// directory, starts the queue with the provisioning jobs (as instrumentation.ts does), requests a
// slow run and prints `running <run id>` once its slow step runs. The test then kills it with -9.
import { eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { provisioningSteps } from "@/db/schema";
import { startWorker } from "@/lib/jobs/queue";
import { createRun } from "../create-run";
import { PROVISIONING_JOBS } from "../jobs";
import { testActor } from "../testing";

const dataDir = process.argv[2];
const seconds = Number(process.argv[3] ?? 3);
const database = await openDatabase({ dataDir });
const queue = await startWorker(database, { jobs: PROVISIONING_JOBS });
const { id } = await createRun(
  database.db,
  testActor("dev"),
  { template: "test-slow", parameters: { seconds } },
  { enqueue: queue.enqueue },
);
for (;;) {
  const steps = await database.db.select().from(provisioningSteps).where(eq(provisioningSteps.runId, id));
  if (steps.some((s) => s.stepId === "wait" && s.status === "running")) break;
  await new Promise((r) => setTimeout(r, 50));
}
console.log(`running ${id}`);
// Stays up until killed.
setInterval(() => {}, 60_000);
