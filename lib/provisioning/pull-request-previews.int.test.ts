// One preview per pull request, through signed webhooks against the local GitHub-speaking server:
// opened → pushed (redeployed in place, a new GitHub deployment) → closed (destroyed, deployment
// inactive); and a fork's pull request gets a preview only through a label added by a writer.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { selfServiceEnvironments } from "@/db/schema";
import { processWebhookDelivery } from "@/lib/github/process-webhook";
import { runGithubSync } from "@/lib/github/run-sync";
import { receiveWebhook } from "@/lib/github/webhooks";
import { signWebhook, startFakeGithub, type FakeGithub, type FakeRepo } from "@/lib/github/testing/fake-github-server";
import { configFor } from "@/lib/github/testing/test-config";
import { getEnvironmentView, listRunEvents } from "./queries";
import { inlineQueue, testActor } from "./testing";

const TEMPLATE = `
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: pr-preview }
spec:
  type: environment
  pullRequests: { repositories: [acme/payments], baseBranches: [main] }
  parameters:
    properties:
      component: { type: string }
      branch: { type: string }
      pullRequest: { type: integer }
      commit: { type: string }
  steps:
    - id: deployment
      action: github:deployment
      input: { component: "\${{ parameters.component }}", ref: "\${{ parameters.commit }}", environment: "pr-\${{ parameters.pullRequest }}" }
    - id: note
      action: debug:log
      input: { message: "deploying \${{ parameters.branch }} at \${{ parameters.commit }}" }
  environment:
    name: "pr-\${{ parameters.pullRequest }}"
    url: "https://pr-\${{ parameters.pullRequest }}.preview.acme.test"
  guardrails: { quota: { perUser: 1 } }
`;

const saved = { ...process.env };

describe.each(testDatabases())("pull-request previews on $name", (target) => {
  let database: Database;
  let fake: FakeGithub;
  let repo: FakeRepo;
  let deliveries = 0;
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-pr-"));
    fs.writeFileSync(path.join(dir, "pr.yaml"), TEMPLATE);
    repo = {
      id: 1,
      name: "payments",
      pushedAt: new Date().toISOString(),
      files: {
        "catalog-info.yaml":
          "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments\nspec:\n  type: service\n  lifecycle: production\n  owner: writers\n",
      },
      teams: { writers: "push", readers: "pull" },
    };
    fake = await startFakeGithub({
      org: {
        login: "acme",
        id: 7,
        teams: [
          { id: 1, slug: "writers", name: "Writers", members: ["maintainer"] },
          { id: 2, slug: "readers", name: "Readers", members: ["outsider"] },
        ],
        repos: [repo],
      },
    });
    Object.assign(process.env, { PORTOLAN_TEMPLATES_DIR: dir, GITHUB_API_URL: fake.url, GITHUB_TOKEN: fake.token });
    database = await target.open();
    await runGithubSync(database.db, configFor(fake), "test", { retryAfterBaseValue: 10 });
  });
  afterAll(async () => {
    process.env = { ...saved };
    await fake?.close();
    await database?.close();
  });

  const pullRequest = (number: number, sha: string, head = "acme/payments", labels: string[] = []) => ({
    number,
    html_url: `https://github.example/acme/payments/pull/${number}`,
    state: "open",
    head: { ref: `feature-${number}`, sha, repo: { full_name: head } },
    base: { ref: "main", repo: { full_name: "acme/payments" } },
    labels: labels.map((name) => ({ name })),
  });

  /** A signed delivery through the receiver, its job, and the preview job it hands over to. */
  async function deliver(payload: Record<string, unknown>) {
    const body = JSON.stringify({
      repository: { full_name: "acme/payments", name: "payments", owner: { login: "acme" } },
      organization: { login: "acme" },
      ...payload,
    });
    const id = `pr-delivery-${++deliveries}`;
    const headers = new Headers({ "x-github-event": "pull_request", "x-github-delivery": id });
    headers.set("x-hub-signature-256", signWebhook("s3cret", body));
    const queue = inlineQueue(database);
    const answer = await receiveWebhook(database.db, configFor(fake), { headers, body }, async () => null);
    expect(answer.status).toBe(202);
    expect(await processWebhookDelivery(database.db, configFor(fake), id, queue.enqueue)).toBe(
      "handed to pull-request previews",
    );
    await queue.drain();
  }

  const previewOf = async (number: number) => {
    const [env] = await database.db
      .select()
      .from(selfServiceEnvironments)
      .where(eq(selfServiceEnvironments.pullRequestNumber, number));
    return env ?? null;
  };
  const deploymentStates = () => (repo.deployments ?? []).map((d) => [d.ref, d.statuses.at(-1)?.state]);

  it("opens a preview for a pull request, redeploys it in place on push, and destroys it on close", async () => {
    await deliver({ action: "opened", pull_request: pullRequest(7, "a".repeat(40)), sender: { login: "maintainer" } });
    const opened = await previewOf(7);
    expect(opened).toMatchObject({
      status: "ready",
      name: "pr-7",
      componentRef: "component:default/payments",
      branch: "feature-7",
      pullRequestRepo: "acme/payments",
      pullRequestUrl: "https://github.example/acme/payments/pull/7",
    });
    const admin = testActor("admin", "admin");
    expect((await getEnvironmentView(database.db, admin, opened!.id)).pullRequest).toEqual({
      repo: "acme/payments",
      number: 7,
      url: "https://github.example/acme/payments/pull/7",
    });
    expect(deploymentStates()).toEqual([["a".repeat(40), "success"]]);

    // The same pull request opened again (a redelivery, a label): still one environment.
    await deliver({
      action: "reopened",
      pull_request: pullRequest(7, "a".repeat(40)),
      sender: { login: "maintainer" },
    });
    expect((await database.db.select().from(selfServiceEnvironments)).length).toBe(1);

    await deliver({
      action: "synchronize",
      pull_request: pullRequest(7, "b".repeat(40)),
      sender: { login: "maintainer" },
    });
    const pushed = await previewOf(7);
    expect(pushed).toMatchObject({ id: opened!.id, runId: opened!.runId, status: "ready" });
    expect(deploymentStates()).toEqual([
      ["a".repeat(40), "inactive"],
      ["b".repeat(40), "success"],
    ]);
    const log = (await listRunEvents(database.db, admin, opened!.runId)).map((e) => e.message);
    expect(log).toEqual(expect.arrayContaining([`deploying feature-7 at ${"b".repeat(40)}`]));

    await deliver({ action: "closed", pull_request: pullRequest(7, "b".repeat(40)), sender: { login: "maintainer" } });
    expect((await previewOf(7))?.status).toBe("destroyed");
    expect(deploymentStates()).toEqual([
      ["a".repeat(40), "inactive"],
      ["b".repeat(40), "inactive"],
    ]);
  });

  it("gives a fork's pull request no preview unless someone with write access labels it", async () => {
    const fork = pullRequest(8, "c".repeat(40), "stranger/payments");
    await deliver({ action: "opened", pull_request: fork, sender: { login: "stranger" } });
    expect(await previewOf(8)).toBeNull();
    const labeled = pullRequest(8, "c".repeat(40), "stranger/payments", ["preview"]);
    await deliver({
      action: "labeled",
      label: { name: "preview" },
      pull_request: labeled,
      sender: { login: "outsider" },
    });
    expect(await previewOf(8)).toBeNull();
    await deliver({
      action: "labeled",
      label: { name: "preview" },
      pull_request: labeled,
      sender: { login: "maintainer" },
    });
    expect(await previewOf(8)).toMatchObject({ status: "ready", branch: "pull/8/head" });
    // The fork's author pushes: nothing runs until a writer labels it again.
    const pushed = pullRequest(8, "d".repeat(40), "stranger/payments", ["preview"]);
    await deliver({ action: "synchronize", pull_request: pushed, sender: { login: "stranger" } });
    expect(deploymentStates().at(-1)).toEqual(["c".repeat(40), "success"]);
    await deliver({
      action: "labeled",
      label: { name: "preview" },
      pull_request: pushed,
      sender: { login: "maintainer" },
    });
    expect(deploymentStates().slice(-2)).toEqual([
      ["c".repeat(40), "inactive"],
      ["d".repeat(40), "success"],
    ]);
    await deliver({ action: "closed", pull_request: labeled, sender: { login: "stranger" } });
    expect((await previewOf(8))?.status).toBe("destroyed");
  });
});
