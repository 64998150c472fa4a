// The built-in restart on a container preview against a real engine (Docker, or Podman's service:
// DOCKER_HOST), loopback only: offered on the running preview to its owner, run as a run of its own
// (its log names the restarted container), audited, and the preview answers again afterwards.
// Skipped when no engine answers, unless PORTOLAN_REQUIRE_CONTAINERS=true (CI), which makes that a failure.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog, selfServiceEnvironments } from "@/db/schema";
import { isEngineReachable } from "@/lib/previews/containers/engine";
import { engineObjectsOf } from "@/lib/previews/testing";
import { getRunView, listRunEvents } from "@/lib/provisioning/queries";
import { stepsOf } from "@/lib/provisioning/run-store";
import { requestDestroy } from "@/lib/provisioning/self-service-lifecycle";
import { testActor } from "@/lib/provisioning/testing";
import { staticSitePreviews } from "@/lib/demo/testing";
import { listEntityActions } from "./list-actions";
import { requestRun } from "./request-run";

const reachable = await isEngineReachable();
vi.setConfig({ testTimeout: 240_000, hookTimeout: 120_000 });
if (!reachable && process.env.PORTOLAN_REQUIRE_CONTAINERS === "true")
  throw new Error("PORTOLAN_REQUIRE_CONTAINERS=true, but no container engine answers at DOCKER_HOST");

const SITE = "component:default/static-site";

describe.skipIf(!reachable)("restart a container preview", () => {
  let fixture: Awaited<ReturnType<typeof staticSitePreviews>>;
  beforeAll(async () => {
    fixture = await staticSitePreviews({ "branch-a": "<h1>Branch A</h1>" });
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it("is offered on the running preview to its owner, restarts its container as a run, audited", async () => {
    const { database, owner: dev } = fixture;
    const { run: preview, queue, view } = await fixture.start("branch-a");
    expect(view.status).toBe("succeeded");
    const name = view.environment!.name;

    const restart = (await listEntityActions(database.db, dev, SITE)).filter((a) => a.kind === "restart");
    expect(restart).toEqual([
      { kind: "restart", template: "restart", title: `Restart ${name}`, target: { entity: SITE, environment: name } },
    ]);
    // Someone else's preview is not theirs to restart.
    const other = testActor("someone-else");
    expect((await listEntityActions(database.db, other, SITE)).filter((a) => a.kind === "restart")).toEqual([]);
    await expect(
      requestRun(database.db, other, { template: "restart", parameters: {}, environment: name }, queue),
    ).rejects.toMatchObject({ code: "forbidden:environment" });

    const run = await requestRun(
      database.db,
      dev,
      { template: "restart", parameters: {}, entity: SITE, environment: name },
      queue,
    );
    expect(run).toMatchObject({ status: "queued", action: "restart", environment: name });
    await queue.drain();
    const restarted = await getRunView(database.db, dev, run.id);
    expect(restarted.status, JSON.stringify(await listRunEvents(database.db, dev, run.id))).toBe("succeeded");
    const log = (await listRunEvents(database.db, dev, run.id)).map((e) => e.message).join("\n");
    expect(log).toMatch(/restarted container/);
    const url = (restarted.steps[0].output as { url: string | null }).url ?? view.environment!.url!;
    await expect
      .poll(
        () =>
          fetch(url).then(
            (r) => r.text(),
            () => "",
          ),
        { timeout: 30_000 },
      )
      .toBe("<h1>Branch A</h1>\n");
    // The preview's URL and health URL are the template's, rendered from the container as it now runs.
    const app = (await stepsOf(database.db, preview.id, "provision")).find((s) => s.stepId === "app")!;
    const [env] = await database.db
      .select()
      .from(selfServiceEnvironments)
      .where(eq(selfServiceEnvironments.id, preview.environmentId));
    expect(env.url).toBe((app.output as { url: string }).url);
    expect(env.healthUrl?.startsWith(env.url!)).toBe(true);
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.target, `run:${run.id}`));
    expect(audit).toMatchObject({ action: "environment.restart" });

    await requestDestroy(database.db, dev, preview.environmentId, { enqueue: queue.enqueue });
    await queue.drain();
    expect(await engineObjectsOf(preview.id)).toEqual({ containers: [], networks: [], volumes: [], images: [] });
  });
});
