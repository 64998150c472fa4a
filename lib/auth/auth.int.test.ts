import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { assertCan, can, type Actor } from "@/lib/access/permissions";
import { signInWithDevLogin, signInWithGithub } from "./sign-in";
import { actorFromToken, createApiToken, hashToken, revokeApiToken } from "./tokens";
import { actorFromUser, setUserRole } from "./users";

const userEntity = (name: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: { name: ${name} }\nspec: { memberOf: [] }\n`;

describe.each(testDatabases())("sign-in rules, roles and tokens on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(async () => database?.close());

  async function user(login: string) {
    const [row] = await database.db.select().from(users).where(eq(users.login, login));
    return row;
  }

  it("development sign-in: the first person becomes admin; strangers are refused; catalog users get a viewer account", async () => {
    const first = await signInWithDevLogin(database.db, { login: "founder" });
    expect(first.role).toBe("admin");
    await expect(signInWithDevLogin(database.db, { login: "stranger" })).rejects.toMatchObject({
      code: "forbidden:auth",
    });
    expect(await user("stranger")).toBeUndefined();

    await importDescriptors(database.db, actorFromUser(first), {
      location: { id: "org", type: "api", target: "org" },
      text: [userEntity("jdoe"), userEntity("octo"), userEntity("renamed")].join("---\n"),
      source: "org.yaml",
    });
    const jdoe = await signInWithDevLogin(database.db, { login: "jdoe" });
    expect(jdoe.role).toBe("viewer");
    await expect(signInWithDevLogin(database.db, { login: "../etc" })).rejects.toMatchObject({
      code: "bad_request:auth",
    });
  });

  it("GitHub sign-in never makes the first person admin, binds the account to GitHub's id, and never claims a password account", async () => {
    const octo = await signInWithGithub(database.db, { login: "octo", githubId: "1001" });
    expect(octo).toMatchObject({ role: "viewer", githubId: "1001" });
    // Same login, another GitHub user (a renamed and re-registered login): refused.
    await expect(signInWithGithub(database.db, { login: "octo", githubId: "2002" })).rejects.toMatchObject({
      code: "forbidden:auth",
    });
    // The bound GitHub user still gets in after renaming their login.
    expect((await signInWithGithub(database.db, { login: "octo-new-name", githubId: "1001" })).id).toBe(octo.id);
    await expect(signInWithGithub(database.db, { login: "stranger", githubId: "3003" })).rejects.toMatchObject({
      code: "forbidden:auth",
    });

    await database.db.update(users).set({ passwordHash: "scrypt$x" }).where(eq(users.login, "founder"));
    await expect(signInWithGithub(database.db, { login: "founder", githubId: "4004" })).rejects.toThrow(
      /signs in with a password/,
    );
    expect((await user("founder")).githubId).toBeNull();
  });

  it("only admins change roles, and the last admin cannot demote themselves", async () => {
    const founder = await user("founder");
    const jdoe = await user("jdoe");
    await expect(
      setUserRole(database.db, actorFromUser(jdoe), { userId: jdoe.id, role: "admin" }),
    ).rejects.toMatchObject({ code: "forbidden:auth" });
    await expect(
      setUserRole(database.db, actorFromUser(founder), { userId: founder.id, role: "viewer" }),
    ).rejects.toMatchObject({ code: "conflict:users" });
    const promoted = await setUserRole(database.db, actorFromUser(founder), { userId: jdoe.id, role: "developer" });
    expect(promoted.role).toBe("developer");
  });

  it("stores only a hash of a token, resolves it with its scopes, and forgets it when revoked", async () => {
    const founder = actorFromUser(await user("founder"));
    const created = await createApiToken(database.db, founder, {
      name: "ci",
      role: "developer",
      scopes: ["deployments:write", "catalog:read"],
    });
    expect(created.token).toMatch(/^ptl_/);
    expect(created.scopes).toEqual(["catalog:read", "deployments:write"]);
    const rows = await database.db.select().from(apiTokens);
    expect(JSON.stringify(rows)).not.toContain(created.token);
    expect(rows[0].tokenHash).toBe(hashToken(created.token));

    const actor = await actorFromToken(database.db, created.token, undefined);
    expect(actor).toMatchObject({
      kind: "token",
      name: "ci",
      role: "developer",
      scopes: ["catalog:read", "deployments:write"],
    });
    // The role allows catalog writes, the scopes do not: the token may not.
    expect(can(actor!, "delivery:write")).toBe(true);
    expect(can(actor!, "catalog:write")).toBe(false);
    expect(() => assertCan(actor!, "catalog:write")).toThrow(/lacks the scope catalog:write/);

    expect(await actorFromToken(database.db, `${created.token}x`, undefined)).toBeNull();
    await revokeApiToken(database.db, founder, created.id);
    expect(await actorFromToken(database.db, created.token, undefined)).toBeNull();
  });

  it("a token revoked here is refused on the next request; one revoked elsewhere once its cached resolution lapses", async () => {
    const founder = actorFromUser(await user("founder"));
    const make = (name: string) =>
      createApiToken(database.db, founder, { name, role: "viewer", scopes: ["catalog:read"] });
    const here = await make("revoked-here");
    expect(await actorFromToken(database.db, here.token, undefined)).toMatchObject({ name: "revoked-here" });
    await revokeApiToken(database.db, founder, here.id);
    expect(await actorFromToken(database.db, here.token, undefined)).toBeNull();

    // Another replica revokes: this process's cache does not hear of it, and must stop trusting it soon.
    const elsewhere = await make("revoked-elsewhere");
    expect(await actorFromToken(database.db, elsewhere.token, undefined)).toMatchObject({ name: "revoked-elsewhere" });
    await database.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, elsewhere.id));
    const deadline = Date.now() + 30_000;
    let actor = await actorFromToken(database.db, elsewhere.token, undefined);
    while (actor && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      actor = await actorFromToken(database.db, elsewhere.token, undefined);
    }
    expect(actor).toBeNull();
  });

  it("refuses scopes a token's role could never use, and an expiry in the past", async () => {
    const founder = actorFromUser(await user("founder"));
    await expect(
      createApiToken(database.db, founder, { name: "r", role: "viewer", scopes: ["catalog:write"] }),
    ).rejects.toThrow(/viewer token cannot use catalog:write/);
    await expect(
      createApiToken(database.db, founder, { name: "r", role: "developer", scopes: ["admin"] }),
    ).rejects.toMatchObject({ code: "bad_request:tokens" });
    await expect(createApiToken(database.db, founder, { name: "r", role: "viewer", scopes: [] })).rejects.toThrow(
      /at least one scope/,
    );
    await expect(
      createApiToken(database.db, founder, {
        name: "r",
        role: "viewer",
        scopes: ["catalog:read"],
        expiresAt: new Date(Date.now() - 1000),
      }),
    ).rejects.toThrow(/future/);
  });

  it("an expired token is refused with a message saying so; last use is recorded", async () => {
    const founder = actorFromUser(await user("founder"));
    const now = new Date();
    const created = await createApiToken(database.db, founder, {
      name: "short",
      role: "viewer",
      scopes: ["catalog:read"],
      expiresAt: new Date(now.getTime() + 3_600_000),
    });
    expect(await actorFromToken(database.db, created.token, undefined, now)).toMatchObject({ name: "short" });
    const [row] = await database.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row.lastUsedAt).not.toBeNull();
    const later = new Date(now.getTime() + 3_600_001);
    await expect(actorFromToken(database.db, created.token, undefined, later)).rejects.toMatchObject({
      code: "unauthorized:auth",
      message: expect.stringMatching(/expired on/),
    });
  });

  it("accepts the configured admin token with every permission, and nothing like it", async () => {
    const secret = "s3cret-admin-token-value";
    const system = await actorFromToken(database.db, secret, secret);
    expect(system).toMatchObject({ kind: "system", role: "admin" });
    expect(can(system!, "admin:tokens") && can(system!, "selfservice:use")).toBe(true);
    expect(await actorFromToken(database.db, "s3cret-admin-token-valuf", secret)).toBeNull();
    expect(await actorFromToken(database.db, "", undefined)).toBeNull();
  });

  it("a developer token cannot create tokens", async () => {
    const dev: Actor = {
      kind: "token",
      id: "x",
      name: "dev",
      role: "developer",
      scopes: ["catalog:read", "catalog:write"],
    };
    await expect(
      createApiToken(database.db, dev, { name: "nope", role: "admin", scopes: ["admin"] }),
    ).rejects.toMatchObject({ code: "forbidden:auth" });
  });

  it("the migration gives tokens made before scopes existed what their role allowed", async () => {
    const values = (["viewer", "developer", "admin"] as const).map((role) => ({
      name: `old-${role}`,
      role,
      prefix: "ptl_old",
      tokenHash: `old-${role}`,
    }));
    await database.db.insert(apiTokens).values(values);
    const file = fs.readFileSync(path.join(process.cwd(), "db/migrations/0012_token-scopes-from-roles.sql"), "utf8");
    await database.db.execute(sql.raw(file));
    const rows = await database.db
      .select({ name: apiTokens.name, scopes: apiTokens.scopes })
      .from(apiTokens)
      .where(sql`${apiTokens.name} like 'old-%'`);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r.scopes]));
    expect(byName).toEqual({
      "old-viewer": ["catalog:read"],
      "old-developer": ["catalog:read", "catalog:write", "deployments:write", "runs:write"],
      "old-admin": ["admin"],
    });
  });
});
