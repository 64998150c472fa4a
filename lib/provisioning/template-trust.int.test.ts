// The template trust model, attack first: what a developer (or anyone who can push to a synced
// repository) imports as a Template never runs until an admin publishes that exact version, within
// the admin's policy for actions and secrets; a run checks again when it starts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { auditLog, provisioningEvents } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { createRun } from "./create-run";
import { publishTemplate, withdrawTemplate } from "./publish-template";
import { getRunView, listTemplatesFor } from "./queries";
import { reviewTemplates } from "./template-review";
import { inlineQueue, testActor } from "./testing";

const developerToken: Actor = {
  kind: "token",
  id: "00000000-0000-4000-8000-00000000000d",
  name: "dev-ci",
  role: "developer",
  scopes: ["catalog:read", "catalog:write", "deployments:write", "runs:write"],
};
const admin = testActor("root", "admin");
const dev = testActor("dev");
const saved = { ...process.env };

const shellTemplate = (marker: string) => `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: innocent-preview }
spec:
  type: environment
  steps:
    - id: pwn
      action: local:process
      input: { command: /bin/sh, args: ["-c", "touch ${marker}"] }
`;

const logTemplate = (name: string, extra = "") => `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: ${name} }
spec:
  type: environment
  steps:
    - { id: hello, action: debug:log, input: { message: "version one" } }${extra}
`;

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as { code?: string; message: string },
  );

describe.each(testDatabases())("template trust on $name", (target) => {
  let database: Database;
  let marker: string;
  const importAs = (actor: Actor, location: string, text: string, type = "api") =>
    importDescriptors(database.db, actor, {
      location: { id: location, type, target: location },
      text,
      source: `${location}.yaml`,
    });
  const runOf = async (template: string) => {
    const queue = inlineQueue(database);
    const { id } = await createRun(database.db, dev, { template, parameters: {} }, { enqueue: queue.enqueue });
    await queue.drain();
    return getRunView(database.db, dev, id);
  };

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-trust-"));
    marker = path.join(dir, "pwned");
    process.env.PORTOLAN_TEMPLATES_DIR = path.join(dir, "templates");
    // local:process is on: the trust model, not the flag, is what stops the attack.
    process.env.PORTOLAN_LOCAL_ACTIONS = "true";
    database = await target.open();
  });
  beforeEach(() => {
    delete process.env.PORTOLAN_CATALOG_TEMPLATE_ACTIONS;
    delete process.env.PORTOLAN_CATALOG_TEMPLATE_SECRETS;
  });
  afterAll(async () => {
    process.env = { ...saved };
    await database.close();
  });

  it("a developer token's imported template with local:process never runs a command: not offered, not runnable, not publishable", async () => {
    await importAs(developerToken, "dev-import", shellTemplate(marker));
    const listed = await listTemplatesFor(database.db, dev);
    expect(listed.items.map((t) => t.name)).not.toContain("innocent-preview");
    expect(listed.waiting).toEqual([
      expect.objectContaining({
        name: "innocent-preview",
        ref: "template:default/innocent-preview",
        trust: expect.objectContaining({ state: "unpublished" }),
        reason: expect.stringContaining("waiting for an admin to publish it"),
      }),
    ]);

    const refused = await failure(
      createRun(database.db, dev, { template: "innocent-preview", parameters: {} }, { enqueue: async () => null }),
    );
    expect(refused).toMatchObject({
      code: "forbidden:template",
      message: 'The template "innocent-preview" is waiting for an admin to publish it (Admin → Templates).',
    });

    expect(await failure(publishTemplate(database.db, dev, "innocent-preview", {}))).toMatchObject({
      code: "forbidden:auth",
    });
    const notAllowed = await failure(publishTemplate(database.db, admin, "innocent-preview", {}));
    expect(notAllowed).toMatchObject({ code: "unprocessable:template" });
    expect(notAllowed!.message).toContain("spec.steps.0.action: catalog templates may not use local:process");
    expect(fs.existsSync(marker)).toBe(false);
  });

  it("a template found by the GitHub sync takes the same path", async () => {
    await importAs(
      { kind: "system", name: "github-sync", role: "admin" },
      "github:acme/app",
      logTemplate("from-github"),
      "github",
    );
    const review = (await reviewTemplates(database.db, admin)).items.find((t) => t.name === "from-github")!;
    expect(review).toMatchObject({
      trust: { state: "unpublished" },
      location: "github: github:acme/app",
      canPublish: true,
      canWithdraw: false,
    });
    expect(
      await failure(
        createRun(database.db, dev, { template: "from-github", parameters: {} }, { enqueue: async () => null }),
      ),
    ).toMatchObject({ code: "forbidden:template" });
  });

  it("runs the published version only; a later change waits as a readable diff until published; a stale review is refused; withdraw stops it", async () => {
    await importAs(developerToken, "dev-two", logTemplate("two-versions"));
    const first = (await reviewTemplates(database.db, admin)).items.find((t) => t.name === "two-versions")!;
    const published = await publishTemplate(database.db, admin, "two-versions", { hash: first.current!.hash });
    expect(published).toMatchObject({
      ref: "template:default/two-versions",
      hash: first.current!.hash,
      publishedBy: "user:root",
    });
    expect(
      (await listTemplatesFor(database.db, dev)).items.find((t) => t.name === "two-versions")?.trust,
    ).toMatchObject({ state: "published", hash: first.current!.hash });
    expect((await runOf("two-versions")).steps.map((s) => s.output)).toEqual([{ message: "version one" }]);

    // The developer changes it: the change is pending and does not run.
    await importAs(
      developerToken,
      "dev-two",
      logTemplate("two-versions", `\n    - { id: sneaky, action: http:request, input: { url: "http://10.0.0.9/" } }`),
    );
    const pending = (await reviewTemplates(database.db, admin)).items.find((t) => t.name === "two-versions")!;
    expect(pending.trust.state).toBe("pending");
    expect(pending.current!.diff.filter((l) => l.kind === "added").map((l) => l.text.trim())).toEqual(
      expect.arrayContaining(["- id: sneaky", "action: http:request"]),
    );
    expect(pending.current!.uses).toEqual({ actions: ["debug:log", "http:request"], secrets: [] });
    expect((await runOf("two-versions")).steps.map((s) => s.id)).toEqual(["hello"]);

    // Publishing what the admin saw earlier is refused once it changed.
    expect(
      await failure(publishTemplate(database.db, admin, "two-versions", { hash: first.current!.hash })),
    ).toMatchObject({ code: "conflict:template" });
    await publishTemplate(database.db, admin, "two-versions", { hash: pending.current!.hash });
    const latest = (await listTemplatesFor(database.db, dev)).items.find((t) => t.name === "two-versions")!;
    expect(latest.trust.hash).toBe(pending.current!.hash);

    // Requested, then withdrawn before it started: the run refuses at start.
    const queue = inlineQueue(database);
    const { id } = await createRun(
      database.db,
      dev,
      { template: "two-versions", parameters: {} },
      { enqueue: queue.enqueue },
    );
    await withdrawTemplate(database.db, admin, "two-versions");
    await queue.drain();
    const refused = await getRunView(database.db, dev, id);
    expect(refused.status).toBe("failed");
    expect(refused.error).toContain("is not published any more");
    expect(refused.steps.every((s) => s.status === "pending")).toBe(true);
    expect((await listTemplatesFor(database.db, dev)).items.map((t) => t.name)).not.toContain("two-versions");
    expect(await failure(withdrawTemplate(database.db, admin, "two-versions"))).toMatchObject({
      code: "conflict:template",
    });

    const audit = (
      await database.db.select().from(auditLog).where(eq(auditLog.target, "template:default/two-versions"))
    ).map((a) => [a.action, a.actor]);
    expect(audit).toEqual([
      ["template.publish", "user:root"],
      ["template.publish", "user:root"],
      ["template.withdraw", "user:root"],
    ]);
  });

  it("secrets and actions are admin policy: publishing refuses what it forbids, and a run re-checks at start", async () => {
    const hook = `\n    - { id: call, action: http:request, input: { url: "https://hooks.example.com/", secret: "\${{ secrets.HOOK }}" } }`;
    await importAs(developerToken, "dev-secret", logTemplate("wants-secret", hook));
    const refused = await failure(publishTemplate(database.db, admin, "wants-secret", {}));
    expect(refused!.message).toContain(
      "catalog templates may not read the secret HOOK (PORTOLAN_CATALOG_TEMPLATE_SECRETS allows none)",
    );
    process.env.PORTOLAN_CATALOG_TEMPLATE_SECRETS = "HOOK";
    await publishTemplate(database.db, admin, "wants-secret", {});

    await importAs(developerToken, "dev-policy", logTemplate("policy-later"));
    await publishTemplate(database.db, admin, "policy-later", {});
    const queue = inlineQueue(database);
    const { id } = await createRun(
      database.db,
      dev,
      { template: "policy-later", parameters: {} },
      { enqueue: queue.enqueue },
    );
    // The admin narrows the policy after the request: the run refuses at start.
    process.env.PORTOLAN_CATALOG_TEMPLATE_ACTIONS = "http:request, github:*";
    await queue.drain();
    const view = await getRunView(database.db, dev, id);
    expect(view.status).toBe("failed");
    expect(view.error).toContain(
      "catalog templates may not use debug:log (PORTOLAN_CATALOG_TEMPLATE_ACTIONS allows http:request, github:*)",
    );
    expect(
      await failure(
        createRun(database.db, dev, { template: "policy-later", parameters: {} }, { enqueue: async () => null }),
      ),
    ).toMatchObject({ code: "forbidden:template" });
  });

  it("directory templates are trusted and have nothing to publish", async () => {
    fs.mkdirSync(process.env.PORTOLAN_TEMPLATES_DIR!, { recursive: true });
    fs.writeFileSync(path.join(process.env.PORTOLAN_TEMPLATES_DIR!, "t.yaml"), logTemplate("from-files"));
    expect((await listTemplatesFor(database.db, dev)).items.find((t) => t.name === "from-files")?.trust.state).toBe(
      "trusted",
    );
    expect(await failure(publishTemplate(database.db, admin, "from-files", {}))).toMatchObject({
      code: "conflict:template",
    });
    expect(await failure(publishTemplate(database.db, admin, "no-such-template", {}))).toMatchObject({
      code: "not_found:template",
    });
  });

  it("redacts secrets from every log line and output, even when a process prints one", async () => {
    fs.mkdirSync(process.env.PORTOLAN_TEMPLATES_DIR!, { recursive: true });
    fs.writeFileSync(
      path.join(process.env.PORTOLAN_TEMPLATES_DIR!, "echo.yaml"),
      `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: echo-secret }
spec:
  type: environment
  steps:
    - id: echo
      action: local:process
      input: { command: node, args: ["-e", "console.log('key is ' + process.env.KEY); setTimeout(() => {}, 60000)"], env: { KEY: "\${{ secrets.ECHO_KEY }}" }, settleMs: 500 }
`,
    );
    process.env.PORTOLAN_SECRET_ECHO_KEY = "very-secret-value-42";
    const view = await runOf("echo-secret");
    expect(view.status).toBe("succeeded");
    const log = (await database.db.select().from(provisioningEvents).where(eq(provisioningEvents.runId, view.id))).map(
      (e) => e.message,
    );
    expect(log).toContainEqual(expect.stringMatching(/key is \*\*\*$/));
    expect(JSON.stringify({ log, view })).not.toContain("very-secret-value-42");
    process.kill(-Number(view.steps[0].output.pid), "SIGKILL");
  });
});
