import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { requestDestroy } from "@/lib/provisioning/self-service-lifecycle";
import { startFakeGithub, type FakeGithub, type FakeRepo } from "@/lib/github/testing/fake-github-server";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { createRun } from "../create-run";
import { listServiceBranches } from "../list-branches";
import { getRunView } from "../queries";
import { inlineQueue, testActor } from "../testing";

const TEMPLATES = `
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: test-gh-deployment }
spec:
  type: environment
  parameters:
    properties:
      branch: { type: string, default: main }
      fail: { type: boolean, default: false }
  steps:
    - id: deployment
      action: github:deployment
      input: { repo: acme/payments, ref: "\${{ parameters.branch }}", environment: preview }
    - id: maybe
      action: debug:fail
      input: { message: "provisioning broke", when: "\${{ parameters.fail }}" }
  environment:
    url: "https://\${{ parameters.branch | slug }}.preview.acme.test"
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: test-gh-dispatch }
spec:
  type: environment
  parameters:
    properties:
      branch: { type: string, default: main }
  steps:
    - id: workflow
      action: github:actions:dispatch
      input: { repo: acme/payments, workflow: preview.yml, ref: "\${{ parameters.branch }}", inputs: { branch: "\${{ parameters.branch }}" }, pollIntervalMs: 50 }
  environment:
    url: "\${{ steps.workflow.output.url }}"
`;

const saved = { ...process.env };

describe.each(testDatabases())("GitHub actions on $name", (target) => {
  let database: Database;
  let fake: FakeGithub;
  let repo: FakeRepo;
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-gh-"));
    fs.writeFileSync(path.join(dir, "github.yaml"), TEMPLATES);
    repo = {
      id: 1,
      name: "payments",
      pushedAt: new Date().toISOString(),
      files: {},
      branches: ["main", "feature/login"],
    };
    fake = await startFakeGithub({ org: { login: "acme", id: 7, teams: [], repos: [repo] } });
    Object.assign(process.env, { PORTOLAN_TEMPLATES_DIR: dir, GITHUB_API_URL: fake.url, GITHUB_TOKEN: fake.token });
    database = await target.open();
  });
  afterAll(async () => {
    process.env = { ...saved };
    await fake.close();
    await database.close();
  });

  const start = async (template: string, parameters: Record<string, unknown>) => {
    const dev = testActor("dev");
    const queue = inlineQueue(database);
    const { id, environmentId } = await createRun(
      database.db,
      dev,
      { template, parameters },
      { enqueue: queue.enqueue },
    );
    await queue.drain();
    return { id, environmentId, dev, queue };
  };
  const states = (deploymentId: unknown) =>
    repo.deployments!.find((d) => d.id === deploymentId)!.statuses.map((s) => [s.state, s.environmentUrl ?? null]);

  it("github:deployment: in_progress, then success with the environment URL, inactive at teardown", async () => {
    const { id, environmentId, dev, queue } = await start("test-gh-deployment", { branch: "feature/login" });
    const view = await getRunView(database.db, dev, id);
    expect(view.status).toBe("succeeded");
    const deploymentId = view.steps[0].output.deploymentId;
    const deployment = repo.deployments!.find((d) => d.id === deploymentId)!;
    expect(deployment).toMatchObject({ ref: "feature/login", environment: "preview" });
    expect(states(deploymentId)).toEqual([
      ["in_progress", null],
      ["success", "https://feature-login.preview.acme.test"],
    ]);

    await requestDestroy(database.db, dev, environmentId, { enqueue: queue.enqueue });
    await queue.drain();
    expect((await getRunView(database.db, dev, id)).environment?.status).toBe("destroyed");
    expect(states(deploymentId).at(-1)).toEqual(["inactive", null]);
  });

  it("github:deployment: a failing run reports failure, and the rollback leaves it inactive", async () => {
    const { id, dev } = await start("test-gh-deployment", { branch: "main", fail: true });
    const view = await getRunView(database.db, dev, id);
    expect(view.status).toBe("failed");
    const deploymentId = view.steps[0].output.deploymentId ?? repo.deployments!.at(-1)!.id;
    expect(states(deploymentId).map(([s]) => s)).toEqual(["in_progress", "failure", "inactive"]);
  });

  it("github:actions:dispatch: dispatches with inputs, finds its run by run-name, follows it and reads the URL back", async () => {
    const seen: Record<string, unknown>[] = [];
    // The workflow as docs/examples/preview-environment.yml behaves: run-name carries the run id,
    // it deploys and publishes the URL as a deployment status, then completes.
    fake.onDispatch = ({ repo: r, run, ref, inputs }) => {
      seen.push(inputs);
      run.displayTitle = `Preview ${ref} (${String(inputs.portolan_run_id)})`;
      // A run of the same workflow someone else started at the same time must not be mistaken for ours.
      r.runs!.push({
        ...run,
        id: run.id + 100_000,
        displayTitle: "Preview main (someone else)",
        status: "in_progress",
      });
      setTimeout(() => {
        run.status = "in_progress";
        const deploymentId = 800_000 + run.id;
        r.deployments!.push({
          id: deploymentId,
          environment: "preview",
          ref,
          sha: run.headSha,
          createdAt: new Date().toISOString(),
          statuses: [
            {
              id: deploymentId + 1,
              state: "success",
              environmentUrl: `https://${ref}.apps.acme.test`,
              createdAt: new Date().toISOString(),
            },
          ],
        });
        setTimeout(() => Object.assign(run, { status: "completed", conclusion: "success" }), 150);
      }, 100);
    };
    repo.deployments ??= [];
    const { id, dev } = await start("test-gh-dispatch", { branch: "main" });
    const view = await getRunView(database.db, dev, id);
    expect(view.error).toBeNull();
    expect(view.status).toBe("succeeded");
    expect(seen).toEqual([{ branch: "main", portolan_run_id: `${id}/workflow` }]);
    expect(view.steps[0].output).toMatchObject({ conclusion: "success", url: "https://main.apps.acme.test" });
    expect(view.environment).toMatchObject({ status: "ready", url: "https://main.apps.acme.test" });
  });

  it("github:actions:dispatch: a failed workflow run fails the step with its link", async () => {
    fake.onDispatch = ({ run, inputs }) => {
      run.displayTitle = `Preview (${String(inputs.portolan_run_id)})`;
      setTimeout(() => Object.assign(run, { status: "completed", conclusion: "failure" }), 100);
    };
    const { id, dev } = await start("test-gh-dispatch", { branch: "main" });
    const view = await getRunView(database.db, dev, id);
    expect(view.status).toBe("failed");
    expect(view.error).toMatch(/actions\/runs\/\d+ ended failure/);
  });

  it("lists a service repo's branches for the form when GitHub is configured and the service is annotated; none otherwise", async () => {
    const admin = { kind: "system", name: "test", role: "admin" } as const;
    const text = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: payments, annotations: { github.com/project-slug: acme/payments } }
spec: { type: service, lifecycle: production, owner: group:default/platform }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: unlinked }
spec: { type: service, lifecycle: production, owner: group:default/platform }
`;
    await importDescriptors(database.db, admin, {
      location: { id: "branches-test", type: "api", target: "branches-test" },
      text,
      source: "branches-test.yaml",
    });
    const dev = testActor("dev");
    expect(await listServiceBranches(database, dev, "component:default/payments")).toEqual({
      items: ["feature/login", "main"],
      repo: "acme/payments",
      source: "github",
    });
    expect(await listServiceBranches(database, dev, "component:default/unlinked")).toMatchObject({
      items: [],
      source: "none",
    });
    expect(
      await listServiceBranches(database, dev, "component:default/payments", {} as NodeJS.ProcessEnv),
    ).toMatchObject({ items: [], source: "none", reason: "GitHub is not configured" });
    await expect(
      listServiceBranches(database, testActor("viewer", "viewer"), "component:default/payments"),
    ).rejects.toThrow();
  });
});
