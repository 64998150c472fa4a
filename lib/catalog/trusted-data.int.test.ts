import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { actorFromUser } from "@/lib/auth/users";
import { signInWithDevLogin as signInUser } from "@/lib/auth/sign-in";
import { createRun } from "@/lib/provisioning/create-run";
import { groupsOf } from "@/lib/provisioning/guardrails";
import { decideApproval } from "@/lib/provisioning/run-commands";
import type { Enqueue } from "@/lib/jobs/define-job";
import { deleteCatalogLocation } from "./delete-location";
import { importDescriptors } from "./import-descriptors";
import { importEntities } from "./import-entities";
import { GITHUB_SYNC_WRITER } from "./location-rules";
import { parseDescriptors } from "./parse-descriptors";

// Group membership decides who may use a template and who may approve a run; a catalog User
// entity lets its login sign in. Neither may come from data a developer wrote.
const TEMPLATE = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: trust-release, title: Release (trust test) }
spec:
  type: environment
  parameters: { properties: {} }
  steps:
    - { id: hello, action: debug:log, input: { message: hello } }
  guardrails:
    allowed: { roles: [admin], groups: [group:default/release-managers] }
    approval: { required: true, approvers: [group:default/release-managers] }
`;
const group = (name: string, members: string[]) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: { name: ${name} }\nspec: { type: team, children: [], members: [${members.join(", ")}] }\n`;
const userEntity = (name: string, memberOf: string[] = []) =>
  `apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: { name: ${name} }\nspec: { memberOf: [${memberOf.join(", ")}] }\n`;
const actor = (login: string, role: "developer" | "admin" = "developer"): Actor => ({
  kind: "user",
  id: randomUUID(),
  login,
  name: login,
  role,
});

describe.each(testDatabases())("authorization reads only trusted catalog data on $name", (target) => {
  let database: Database;
  let templatesDir: string;
  const saved = process.env.PORTOLAN_TEMPLATES_DIR;
  const enqueued: string[] = [];
  const enqueue: Enqueue = async (name) => {
    enqueued.push(name);
    return randomUUID();
  };
  const admin = actor("boss", "admin");
  const dev = actor("dev");
  const importAs = (who: Actor, id: string, text: string) =>
    importDescriptors(database.db, who, { location: { id, type: "api", target: id }, text, source: id });

  beforeAll(async () => {
    templatesDir = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-trust-"));
    fs.writeFileSync(path.join(templatesDir, "release.yaml"), TEMPLATE);
    process.env.PORTOLAN_TEMPLATES_DIR = templatesDir;
    database = await target.open();
  });
  afterAll(async () => {
    process.env.PORTOLAN_TEMPLATES_DIR = saved;
    fs.rmSync(templatesDir, { recursive: true, force: true });
    await database?.close();
  });

  it("a developer who imports a Group naming themselves a member still may not approve or use the template; an admin-managed group works", async () => {
    const run = await createRun(database.db, admin, { template: "trust-release", parameters: {} }, { enqueue });
    expect(run.status).toBe("awaiting_approval");
    await expect(decideApproval(database.db, dev, run.id, { approve: true }, { enqueue })).rejects.toMatchObject({
      code: "forbidden:approval",
    });

    // The attack: self-grant through the catalog, in both directions of the membership relation.
    await importAs(
      dev,
      "dev/groups",
      [group("release-managers", ["dev"]), userEntity("dev", ["release-managers"])].join("---\n"),
    );
    expect(await groupsOf(database.db, dev)).toEqual([]);
    await expect(decideApproval(database.db, dev, run.id, { approve: true }, { enqueue })).rejects.toMatchObject({
      code: "forbidden:approval",
    });
    await expect(
      createRun(database.db, dev, { template: "trust-release", parameters: {} }, { enqueue }),
    ).rejects.toMatchObject({ code: "forbidden:template" });

    // An admin-managed group: the admin removes the developer's copy and imports the real one.
    await deleteCatalogLocation(database.db, admin, "dev/groups");
    await importAs(admin, "platform/groups", group("release-managers", ["dev"]));
    expect(await groupsOf(database.db, dev)).toEqual(["group:default/release-managers"]);
    expect(await decideApproval(database.db, dev, run.id, { approve: true }, { enqueue })).toBe("queued");
    expect((await createRun(database.db, dev, { template: "trust-release", parameters: {} }, { enqueue })).status).toBe(
      "awaiting_approval",
    );
  });

  it("GitHub teams from the sync count; groups in a repository's descriptor do not", async () => {
    const org = parseDescriptors([group("sre", ["octo"]), userEntity("octo")].join("---\n"), "teams").documents;
    const repo = parseDescriptors(
      [group("repo-admins", ["octo"]), userEntity("octo-two", ["sre"])].join("---\n"),
      "catalog-info.yaml",
    ).documents;
    await database.db.transaction(async (tx) => {
      await importEntities(
        tx,
        { id: "github:acme/teams", type: "github-org", target: "https://github.test/orgs/acme" },
        org,
        GITHUB_SYNC_WRITER,
      );
      await importEntities(
        tx,
        { id: "github:acme/app", type: "github", target: "https://github.test/acme/app" },
        repo,
        GITHUB_SYNC_WRITER,
      );
    });
    expect(await groupsOf(database.db, actor("octo"))).toEqual(["group:default/sre"]);
    expect(await groupsOf(database.db, actor("octo-two"))).toEqual([]);
  });

  it("a User entity a developer imported does not let its login sign in; one an admin or the GitHub teams sync imported does", async () => {
    const founder = await signInUser(database.db, { login: "founder" });
    const developer = actor("someone");
    await importAs(developer, "someone/people", userEntity("friend"));
    await expect(signInUser(database.db, { login: "friend" })).rejects.toMatchObject({ code: "forbidden:auth" });

    const repo = parseDescriptors(userEntity("pusher"), "catalog-info.yaml").documents;
    await database.db.transaction((tx) =>
      importEntities(tx, { id: "github:acme/other", type: "github", target: "x" }, repo, GITHUB_SYNC_WRITER),
    );
    await expect(signInUser(database.db, { login: "pusher" })).rejects.toMatchObject({ code: "forbidden:auth" });

    await importAs(actorFromUser(founder), "people", userEntity("colleague"));
    expect((await signInUser(database.db, { login: "colleague" })).role).toBe("viewer");
    expect((await signInUser(database.db, { login: "octo" })).role).toBe("viewer");
  });
});
