import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/access/permissions";
import {
  GITHUB_SYNC_WRITER,
  deleteRefusal,
  isTrustedWrite,
  replaceRefusal,
  sourceOfType,
  type LocationRecord,
} from "./location-rules";

const dev: Actor = { kind: "user", id: "u-dev", login: "dev", name: "dev", role: "developer" };
const admin: Actor = { kind: "user", id: "u-admin", login: "boss", name: "boss", role: "admin" };
const adminToken: Actor = { kind: "token", id: "t-1", name: "ops", role: "admin", scopes: ["admin"] };
const seed: Actor = { kind: "system", name: "seed", role: "admin" };
const record = (over: Partial<LocationRecord>): LocationRecord => ({
  id: "loc",
  type: "api",
  source: "api",
  ownerKind: "user",
  ownerId: "u-dev",
  ownerName: "dev",
  ...over,
});
const api = (actor: Actor) => ({ actor, source: "api" as const });

describe("who may replace a location", () => {
  it.each([
    ["its owner", api(dev), record({}), null],
    ["an admin user", api(admin), record({}), null],
    ["an admin token", api(adminToken), record({}), null],
    ["another developer", api({ ...dev, id: "u-other", login: "other" }), record({}), /belongs to user dev/],
    [
      "a developer, a seed location",
      api(dev),
      record({ source: "seed", ownerKind: "system", ownerId: "seed", ownerName: "seed" }),
      /only an admin/,
    ],
    [
      "a developer, a CLI location",
      api(dev),
      record({ source: "file", ownerKind: null, ownerId: null, ownerName: null }),
      /only an admin/,
    ],
    [
      "a developer, owner unknown",
      api(dev),
      record({ ownerKind: null, ownerId: null, ownerName: null }),
      /before owners were recorded/,
    ],
    ["an admin, a GitHub location", api(admin), record({ source: "github" }), /only the GitHub sync/],
    [
      "the seed, a GitHub location",
      { actor: seed, source: "seed" as const },
      record({ source: "github" }),
      /only the GitHub sync/,
    ],
    ["the sync, a GitHub location", GITHUB_SYNC_WRITER, record({ source: "github" }), null],
    ["the seed, someone's API location", { actor: seed, source: "seed" as const }, record({}), null],
    ["a developer claiming a system source", { actor: dev, source: "seed" as const }, null, /Only the portal itself/],
  ])("%s", (_label, writer, existing, expected) => {
    const refusal = replaceRefusal(writer, "loc", existing);
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toMatch(expected);
  });

  it("reserves the system's id prefixes for new API locations, admins included", () => {
    for (const id of ["github:acme/x", "demo:x.yaml", "file:/x.yaml"])
      expect(replaceRefusal(api(admin), id, null)).toMatch(/reserved/);
    expect(replaceRefusal(api(dev), "github.com/acme/x", null)).toBeNull();
    expect(replaceRefusal({ actor: seed, source: "seed" }, "demo:x.yaml", null)).toBeNull();
  });

  it("deletes: owner or admin, never a GitHub location", () => {
    expect(deleteRefusal(dev, record({}))).toBeNull();
    expect(deleteRefusal(admin, record({ source: "seed" }))).toBeNull();
    expect(deleteRefusal(dev, record({ source: "seed" }))).toMatch(/only an admin may delete/);
    expect(deleteRefusal(admin, record({ source: "github" }))).toMatch(/follows its GitHub repository/);
  });
});

describe("whose writes are trusted", () => {
  it("admins and the system, except a repository's descriptors; GitHub teams are", () => {
    expect(isTrustedWrite(api(dev), "api")).toBe(false);
    expect(isTrustedWrite(api(admin), "api")).toBe(true);
    expect(isTrustedWrite(api(adminToken), "api")).toBe(true);
    expect(isTrustedWrite({ actor: seed, source: "seed" }, "seed")).toBe(true);
    expect(isTrustedWrite(GITHUB_SYNC_WRITER, "github")).toBe(false);
    expect(isTrustedWrite(GITHUB_SYNC_WRITER, "github-org")).toBe(true);
    expect(isTrustedWrite({ actor: admin, source: "github" }, "github-org")).toBe(false);
  });

  it("maps location types to sources", () => {
    expect(["api", "file", "seed", "github", "github-org", "bench"].map(sourceOfType)).toEqual([
      "api",
      "file",
      "seed",
      "github",
      "github",
      "api",
    ]);
  });
});
