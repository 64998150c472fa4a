import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { auditLog, signInLinks, users } from "@/db/schema";
import { testDatabases } from "@/db/testing";
import { setUserDisabled } from "./disable-user";
import {
  acceptInvitation,
  describeInvitation,
  inviteUser,
  listOpenInvitations,
  withdrawInvitation,
} from "./invitations";
import { acceptPasswordReset, createPasswordReset } from "./password-reset";
import { signInWithPassword } from "./password-sign-in";
import { LOCK_MS, MAX_ATTEMPTS } from "./sign-in-attempts";
import { checkSetupLink, completeSetup, createSetupLink, needsSetup } from "./setup";
import { hashLinkSecret } from "./sign-in-links";
import { actorFromUser } from "./users";

const ADMIN_PASSWORD = "harbour lights at dawn";

describe.each(testDatabases())("setup link, invitations, resets and lockout on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(async () => database?.close());

  async function admin() {
    const [row] = await database.db.select().from(users).where(eq(users.login, "root"));
    return actorFromUser(row);
  }

  it("an account without a secret does not count as an admin; the setup link is stored only as a hash", async () => {
    // A development-era admin (no password, no GitHub id) could not sign in in production.
    await database.db.insert(users).values({ login: "old-admin", role: "admin" });
    expect(await needsSetup(database.db)).toBe(true);
    const link = await createSetupLink(database.db);
    expect(link?.secret).toMatch(/^[\w-]{43}$/);
    const rows = await database.db.select().from(signInLinks);
    expect(JSON.stringify(rows)).not.toContain(link!.secret);
    expect(rows.map((r) => r.tokenHash)).toContain(hashLinkSecret(link!.secret));
  });

  it("the setup link checks the password, creates the first admin, and is refused the second time", async () => {
    const link = (await createSetupLink(database.db))!;
    const other = (await createSetupLink(database.db))!;
    await expect(completeSetup(database.db, { secret: link.secret, login: "root", password: "short" })).rejects.toThrow(
      /at least 12/,
    );
    await expect(
      completeSetup(database.db, { secret: "not-the-link", login: "root", password: ADMIN_PASSWORD }),
    ).rejects.toMatchObject({ code: "not_found:auth" });

    const root = await completeSetup(
      database.db,
      { secret: link.secret, login: "root", name: "Root", password: ADMIN_PASSWORD },
      { ip: "127.0.0.1" },
    );
    expect(root).toMatchObject({ login: "root", role: "admin", name: "Root" });
    expect(root.passwordHash).toMatch(/^scrypt\$/);
    expect(await needsSetup(database.db)).toBe(false);
    expect(await createSetupLink(database.db)).toBeNull();

    await expect(
      completeSetup(database.db, { secret: link.secret, login: "root2", password: ADMIN_PASSWORD }),
    ).rejects.toThrow(/already been used/);
    // Another link printed before the first admin existed is withdrawn too.
    await expect(
      completeSetup(database.db, { secret: other.secret, login: "root2", password: ADMIN_PASSWORD }),
    ).rejects.toThrow(/withdrawn/);
    await expect(checkSetupLink(database.db, other.secret)).rejects.toMatchObject({ code: "conflict:auth" });
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.action, "user.setup-admin"));
    expect(audit).toMatchObject({ actor: "user:root", ip: "127.0.0.1" });
  });

  it("an expired setup link is refused", async () => {
    await database.db
      .insert(signInLinks)
      .values({ kind: "setup", tokenHash: hashLinkSecret("old-link"), expiresAt: new Date(Date.now() - 1000) });
    await expect(checkSetupLink(database.db, "old-link")).rejects.toThrow(/expired/);
  });

  it("password sign-in: right password in, wrong password and unknown login get the same answer", async () => {
    expect((await signInWithPassword(database.db, { login: "root", password: ADMIN_PASSWORD })).login).toBe("root");
    await expect(
      signInWithPassword(database.db, { login: "root", password: "harbour lights at dusk" }),
    ).rejects.toThrow("Wrong login or password.");
    await expect(signInWithPassword(database.db, { login: "nobody", password: ADMIN_PASSWORD })).rejects.toThrow(
      "Wrong login or password.",
    );
    // An account without a password (GitHub or development) cannot be signed into with any password.
    await expect(signInWithPassword(database.db, { login: "old-admin", password: "" })).rejects.toThrow(
      "Wrong login or password.",
    );
    await expect(signInWithPassword(database.db, { login: ["root"], password: ADMIN_PASSWORD })).rejects.toMatchObject({
      code: "unauthorized:auth",
    });
  });

  it("locks a login after repeated failures, even for the right password, until the lock ends; unknown logins too", async () => {
    const now = new Date();
    await signInWithPassword(database.db, { login: "root", password: ADMIN_PASSWORD }, { now });
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await expect(
        signInWithPassword(database.db, { login: "root", password: `wrong password ${i}` }, { now }),
      ).rejects.toThrow("Wrong login or password.");
    }
    await expect(signInWithPassword(database.db, { login: "root", password: ADMIN_PASSWORD }, { now })).rejects.toThrow(
      /Too many failed sign-ins/,
    );
    // Case variants of the login share the lock.
    await expect(signInWithPassword(database.db, { login: "ROOT", password: ADMIN_PASSWORD }, { now })).rejects.toThrow(
      /Too many failed sign-ins/,
    );
    const locked = await database.db.select().from(auditLog).where(eq(auditLog.action, "auth.locked"));
    expect(locked).toHaveLength(1);
    const after = new Date(now.getTime() + LOCK_MS + 1000);
    expect(
      (await signInWithPassword(database.db, { login: "root", password: ADMIN_PASSWORD }, { now: after })).login,
    ).toBe("root");

    for (let i = 0; i <= MAX_ATTEMPTS; i++)
      await signInWithPassword(database.db, { login: "ghost", password: "x".repeat(12) }, { now }).catch(() => {});
    await expect(
      signInWithPassword(database.db, { login: "ghost", password: "x".repeat(12) }, { now }),
    ).rejects.toThrow(/Too many failed sign-ins/);
  });

  it("counts guesses made at the same moment, so a burst cannot get past the limit", async () => {
    const now = new Date();
    const results = await Promise.allSettled(
      Array.from({ length: MAX_ATTEMPTS * 3 }, (_, i) =>
        signInWithPassword(database.db, { login: "burst", password: `guess number ${i}` }, { now }),
      ),
    );
    const messages = results.map((r) => (r.status === "rejected" ? (r.reason as Error).message : "ok"));
    expect(messages.filter((m) => m === "Wrong login or password.")).toHaveLength(MAX_ATTEMPTS);
    expect(messages.filter((m) => /Too many/.test(m))).toHaveLength(MAX_ATTEMPTS * 2);
  });

  it("admins invite people with a one-time, expiring link; the person sets a password and gets the role", async () => {
    const root = await admin();
    await expect(inviteUser(database.db, root, { login: "root", role: "viewer" })).rejects.toThrow(
      /already has an account/,
    );
    const first = await inviteUser(database.db, root, { login: "jdoe", role: "developer" });
    const invitation = await inviteUser(database.db, root, { login: "jdoe", role: "developer" });
    // A second invitation for the same login withdraws the first link.
    await expect(describeInvitation(database.db, first.secret)).rejects.toThrow(/withdrawn/);
    expect(await describeInvitation(database.db, invitation.secret)).toMatchObject({
      login: "jdoe",
      role: "developer",
    });
    expect((await listOpenInvitations(database.db, root)).map((i) => i.login)).toEqual(["jdoe"]);

    await expect(
      acceptInvitation(database.db, { secret: invitation.secret, password: "jdoe-password-1" }),
    ).rejects.toThrow(/login/);
    const jdoe = await acceptInvitation(database.db, {
      secret: invitation.secret,
      name: "Jane Doe",
      password: "a long enough secret",
    });
    expect(jdoe).toMatchObject({ login: "jdoe", role: "developer", name: "Jane Doe" });
    await expect(
      acceptInvitation(database.db, { secret: invitation.secret, password: "a long enough secret" }),
    ).rejects.toThrow(/already been used/);
    expect((await signInWithPassword(database.db, { login: "jdoe", password: "a long enough secret" })).id).toBe(
      jdoe.id,
    );
    expect(await listOpenInvitations(database.db, root)).toEqual([]);

    const viewer = actorFromUser(jdoe);
    await expect(inviteUser(database.db, viewer, { login: "mallory", role: "admin" })).rejects.toMatchObject({
      code: "forbidden:auth",
    });
  });

  it("an expired or withdrawn invitation cannot be accepted", async () => {
    const root = await admin();
    const invitation = await inviteUser(database.db, root, { login: "late", role: "viewer" });
    await withdrawInvitation(database.db, root, invitation.id);
    await expect(
      acceptInvitation(database.db, { secret: invitation.secret, password: "a long enough secret" }),
    ).rejects.toThrow(/withdrawn/);
    const again = await inviteUser(database.db, root, { login: "late", role: "viewer" });
    await database.db
      .update(signInLinks)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(signInLinks.id, again.id));
    await expect(
      acceptInvitation(database.db, { secret: again.secret, password: "a long enough secret" }),
    ).rejects.toThrow(/expired/);
    expect(await database.db.select().from(users).where(eq(users.login, "late"))).toEqual([]);
  });

  it("a password reset link sets a new password and lifts a lockout; disabled accounts cannot sign in", async () => {
    const root = await admin();
    const [jdoe] = await database.db.select().from(users).where(eq(users.login, "jdoe"));
    for (let i = 0; i <= MAX_ATTEMPTS; i++)
      await signInWithPassword(database.db, { login: "jdoe", password: "not the password" }).catch(() => {});
    await expect(signInWithPassword(database.db, { login: "jdoe", password: "a long enough secret" })).rejects.toThrow(
      /Too many/,
    );

    const reset = await createPasswordReset(database.db, root, jdoe.id);
    await acceptPasswordReset(database.db, { secret: reset.secret, password: "a brand new secret" });
    await expect(
      acceptPasswordReset(database.db, { secret: reset.secret, password: "another new secret" }),
    ).rejects.toThrow(/already been used/);
    expect((await signInWithPassword(database.db, { login: "jdoe", password: "a brand new secret" })).id).toBe(jdoe.id);
    await expect(signInWithPassword(database.db, { login: "jdoe", password: "a long enough secret" })).rejects.toThrow(
      "Wrong login or password.",
    );

    await setUserDisabled(database.db, root, { userId: jdoe.id, disabled: true });
    await expect(signInWithPassword(database.db, { login: "jdoe", password: "a brand new secret" })).rejects.toThrow(
      /disabled/,
    );
    await expect(createPasswordReset(database.db, root, jdoe.id)).rejects.toThrow(/disabled/);
    await expect(
      setUserDisabled(database.db, root, { userId: (root as { id: string }).id, disabled: true }),
    ).rejects.toThrow(/your own account/);
    await setUserDisabled(database.db, root, { userId: jdoe.id, disabled: false });
    expect((await signInWithPassword(database.db, { login: "jdoe", password: "a brand new secret" })).id).toBe(jdoe.id);
  });
});
