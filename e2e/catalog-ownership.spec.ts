import { expect, test } from "@playwright/test";
import { signInAs } from "./support/sign-in";

// Catalog ownership over real HTTP, as a signed-in developer: another source's location cannot be
// replaced, the developer's own data is shown as untrusted, and the owner may delete it.
const GROUP = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: e2e-self-granted }
spec: { type: team, children: [], members: [dev] }
`;

test.describe("catalog ownership", () => {
  test("a developer cannot replace the demo seed's location; their own is untrusted, shown so, and theirs to delete", async ({
    page,
    baseURL,
  }) => {
    await signInAs(page, "dev");
    // Same-origin and a descriptor content type, as the portal's own pages would send.
    const headers = { "Content-Type": "application/yaml", Origin: baseURL! };

    const hijack = await page.request.post("/api/v1/catalog/import?location=demo:systems.yaml", {
      headers,
      data: GROUP,
    });
    expect(hijack.status()).toBe(403);
    const refusal = (await hijack.json()).error;
    expect(refusal.message).toMatch(/loaded by the demo seed .*only an admin may replace it/);
    expect(refusal.details[0]).toMatchObject({
      field: "location",
      source: "seed",
      owner: { kind: "system", name: "seed" },
    });

    const seeds = await (await page.request.get("/api/v1/catalog/locations?source=seed")).json();
    expect(seeds.items.find((l: { id: string }) => l.id === "demo:systems.yaml")).toMatchObject({
      source: "seed",
      trusted: true,
      owner: { kind: "system", name: "seed" },
      entityCount: 7,
    });
    await page.goto("/catalog/system/default/booking");
    await expect(page.getByTestId("source-origin")).toHaveText("demo seed");
    await expect(page.getByTestId("source-trust")).toContainText("trusted");

    const own = await page.request.post("/api/v1/catalog/import?location=dev/e2e-groups", { headers, data: GROUP });
    expect(own.status()).toBe(200);
    await page.goto("/catalog/group/default/e2e-self-granted");
    await expect(page.getByTestId("source-owner")).toHaveText("dev");
    await expect(page.getByTestId("source-trust")).toContainText("untrusted");

    const removed = await page.request.delete("/api/v1/catalog/locations/dev/e2e-groups", {
      headers: { Origin: baseURL! },
    });
    expect(removed.status()).toBe(200);
    expect(await removed.json()).toEqual({ id: "dev/e2e-groups", removedEntities: 1 });
    expect((await page.request.get("/api/v1/catalog/locations/dev/e2e-groups")).status()).toBe(404);
  });
});
