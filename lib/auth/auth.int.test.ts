import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import type { Actor } from "./permissions";
import { actorFromToken, createApiToken, hashToken, revokeApiToken } from "./tokens";
import { actorFromUser, setUserRole, signInUser } from "./users";

describe.each(testDatabases())("sign-in, roles and tokens on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(async () => database?.close());

  it("the first person becomes admin; strangers are refused; catalog users get a viewer account", async () => {
    const first = await signInUser(database.db, { login: "founder" });
    expect(first.role).toBe("admin");
    await expect(signInUser(database.db, { login: "stranger" })).rejects.toMatchObject({ code: "forbidden:auth" });
    expect(await database.db.select().from(users).where(eq(users.login, "stranger"))).toEqual([]);

    await importDescriptors(database.db, actorFromUser(first), {
      location: { id: "org", type: "api", target: "org" },
      text: "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: { name: jdoe }\nspec: { memberOf: [] }\n",
      source: "org.yaml",
    });
    const jdoe = await signInUser(database.db, { login: "jdoe" });
    expect(jdoe.role).toBe("viewer");
    await expect(signInUser(database.db, { login: "../etc" })).rejects.toMatchObject({ code: "bad_request:auth" });
  });

  it("only admins change roles, and the last admin cannot demote themselves", async () => {
    const [founder] = await database.db.select().from(users).where(eq(users.login, "founder"));
    const [jdoe] = await database.db.select().from(users).where(eq(users.login, "jdoe"));
    await expect(setUserRole(database.db, actorFromUser(jdoe), { userId: jdoe.id, role: "admin" })).rejects.toMatchObject({ code: "forbidden:auth" });
    await expect(setUserRole(database.db, actorFromUser(founder), { userId: founder.id, role: "viewer" })).rejects.toMatchObject({ code: "conflict:users" });
    const promoted = await setUserRole(database.db, actorFromUser(founder), { userId: jdoe.id, role: "developer" });
    expect(promoted.role).toBe("developer");
  });

  it("stores only a hash of a token, resolves it to its role, and forgets it when revoked", async () => {
    const [founder] = await database.db.select().from(users).where(eq(users.login, "founder"));
    const created = await createApiToken(database.db, actorFromUser(founder), { name: "ci", role: "developer" });
    expect(created.token).toMatch(/^ptl_/);
    const rows = await database.db.select().from(apiTokens);
    expect(JSON.stringify(rows)).not.toContain(created.token);
    expect(rows[0].tokenHash).toBe(hashToken(created.token));

    expect(await actorFromToken(database.db, created.token, undefined)).toMatchObject({ kind: "token", name: "ci", role: "developer" });
    expect(await actorFromToken(database.db, `${created.token}x`, undefined)).toBeNull();
    await revokeApiToken(database.db, actorFromUser(founder), created.id);
    expect(await actorFromToken(database.db, created.token, undefined)).toBeNull();
  });

  it("accepts the configured admin token and nothing like it", async () => {
    const secret = "s3cret-admin-token-value";
    expect(await actorFromToken(database.db, secret, secret)).toMatchObject({ kind: "system", role: "admin" });
    expect(await actorFromToken(database.db, "s3cret-admin-token-valuf", secret)).toBeNull();
    expect(await actorFromToken(database.db, "", undefined)).toBeNull();
  });

  it("a developer cannot create tokens", async () => {
    const dev: Actor = { kind: "token", id: "x", name: "dev", role: "developer" };
    await expect(createApiToken(database.db, dev, { name: "nope", role: "admin" })).rejects.toMatchObject({ code: "forbidden:auth" });
  });
});
