import { expect, test } from "@playwright/test";
import { signInAs } from "./support/sign-in";

// Scorecards over real HTTP: the built-in production-readiness scorecard, a new service's result, a
// deployment reflected within seconds (the refresh job runs in the app's queue), and the pages.
const ADMIN = { Authorization: "Bearer e2e-admin-token" };
const SERVICE = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: e2e-scored, description: Scores points for the e2e suite. }
spec: { type: service, lifecycle: production, owner: team-scored }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-scored }
spec: { type: team, children: [] }
`;

type Rule = { id: string; status: string; message: string };
type Item = { entityRef: string; level: string | null; score: number; rules: Rule[] };

test.describe("scorecards", () => {
  test("a new service is scored, a deployment is reflected within seconds, the pages show it", async ({
    request,
    page,
  }) => {
    const list = await (await request.get("/api/v1/scorecards", { headers: ADMIN })).json();
    expect(list.items.map((s: { name: string }) => s.name)).toContain("production-readiness");
    expect(list.broken).toEqual([]);

    const imported = await request.post("/api/v1/catalog/import?location=e2e-scorecards", {
      headers: { ...ADMIN, "Content-Type": "application/yaml" },
      data: SERVICE,
    });
    expect(imported.status()).toBe(200);

    const result = async () => {
      const res = await request.get("/api/v1/scorecards/production-readiness?owner=team-scored", { headers: ADMIN });
      expect(res.status()).toBe(200);
      const body = (await res.json()) as { items: Item[] };
      return body.items.find((i) => i.entityRef === "component:default/e2e-scored") ?? null;
    };
    const status = (item: Item | null, id: string) => item?.rules.find((r) => r.id === id)?.status ?? null;
    await expect.poll(async () => status(await result(), "has-owner"), { timeout: 90_000 }).toBe("passed");
    const first = await result();
    expect(first?.level).toBe("bronze");
    expect(status(first, "deployed-recently")).toBe("failed");
    expect(first?.rules.find((r) => r.id === "repository-active")).toMatchObject({
      status: "unknown",
      message: expect.stringContaining("names no GitHub repository"),
    });

    const deployed = await request.post("/api/v1/deployments", {
      headers: ADMIN,
      data: {
        id: "e2e-scored-1",
        service: "e2e-scored",
        environment: "production",
        status: "success",
        version: "1.0.0",
      },
    });
    expect(deployed.status()).toBe(201);
    await expect.poll(async () => status(await result(), "deployed-recently"), { timeout: 60_000 }).toBe("passed");

    const one = await request.get("/api/v1/entities/component/default/e2e-scored/scorecards", { headers: ADMIN });
    const mine = (await one.json()).items[0];
    expect(mine).toMatchObject({ name: "production-readiness", level: "bronze" });

    const csv = await request.get("/api/v1/scorecards/production-readiness?owner=team-scored&format=csv", {
      headers: ADMIN,
    });
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect((await csv.text()).split("\n")[1]).toContain("component:default/e2e-scored");

    await signInAs(page, "viewer", "/catalog/component/default/e2e-scored");
    const card = page.getByTestId("scorecard-production-readiness");
    await expect(card).toContainText("Production readiness");
    await expect(card).toContainText("How: Link the repository");
    await page.goto("/scorecards/production-readiness?team=group%3Adefault%2Fteam-scored");
    await expect(page.getByTestId("scorecard-row")).toHaveCount(1);
    const started = await request.post("/api/v1/initiatives", {
      headers: ADMIN,
      data: {
        name: "Scored to silver",
        scorecard: "production-readiness",
        level: "silver",
        services: { owners: ["team-scored"] },
        owner: "team-scored",
        deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      },
    });
    expect(started.status()).toBe(201);
    const { id } = await started.json();
    const detail = await (await request.get(`/api/v1/initiatives/${id}`, { headers: ADMIN })).json();
    expect(detail.progress).toMatchObject({ total: 1, done: 0 });
    expect(detail.progress.remaining).toEqual([
      { entityRef: "component:default/e2e-scored", owner: "group:default/team-scored" },
    ]);

    await page.goto("/teams/team-scored");
    await expect(page.getByRole("heading", { name: "Fix first" })).toBeVisible();
    await expect(page.getByText("Scored to silver")).toBeVisible();
    await page.goto(`/initiatives/${id}`);
    await expect(page.getByTestId("initiative-team")).toHaveCount(1);
  });
});
