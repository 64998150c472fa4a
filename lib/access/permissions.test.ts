import { describe, expect, it } from "vitest";
import { API_SCOPES } from "@/db/schema";
import { displayActor } from "./display-actor";
import {
  actorLabel,
  assertCan,
  assertOwnerOrCan,
  can,
  isOwnerOrCan,
  hasScope,
  PERMISSION_SCOPES,
  PERMISSIONS,
  scopesForRole,
  type Actor,
  type Permission,
} from "./permissions";

const token = (role: Actor["role"], scopes: Extract<Actor, { kind: "token" }>["scopes"]): Actor => ({
  kind: "token",
  id: "t",
  name: "t",
  role,
  scopes,
});
const user = (role: Actor["role"]): Actor => ({ kind: "user", id: "u", login: "u", name: null, role });

describe("permissions and token scopes", () => {
  it("maps every permission to a known scope", () => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[])
      expect(API_SCOPES).toContain(PERMISSION_SCOPES[permission]);
  });

  it("a token needs its role AND the permission's scope", () => {
    const writer = token("developer", ["catalog:read", "catalog:write"]);
    expect(can(writer, "catalog:write")).toBe(true);
    expect(can(writer, "delivery:write")).toBe(false);
    expect(can(writer, "selfservice:use")).toBe(false);
    // The scope alone is not enough: a viewer role never writes, whatever the token says.
    expect(can(token("viewer", ["catalog:write"]), "catalog:write")).toBe(false);
    expect(() => assertCan(writer, "delivery:write")).toThrow(/lacks the scope deployments:write/);
    expect(() => assertCan(token("viewer", ["catalog:read"]), "catalog:write")).toThrow(/role \(viewer\)/);
  });

  it("the admin scope implies every scope, but not a role the token lacks", () => {
    expect(hasScope(["admin"], "runs:write")).toBe(true);
    const admin = token("admin", ["admin"]);
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) expect(can(admin, permission)).toBe(true);
    expect(can(token("developer", ["admin"]), "admin:users")).toBe(false);
  });

  it("people are not limited by scopes", () => {
    expect(can(user("developer"), "catalog:write")).toBe(true);
    expect(can(user("developer"), "admin:tokens")).toBe(false);
  });

  it("offers each role only the scopes it could use", () => {
    // Viewers may approve runs they are approvers of (runs:decide), so a viewer token may hold runs:write.
    expect(scopesForRole("viewer")).toEqual(["catalog:read", "runs:write"]);
    expect(scopesForRole("developer")).toEqual([
      "catalog:read",
      "catalog:write",
      "deployments:write",
      "incidents:write",
      "runs:write",
    ]);
    expect(scopesForRole("admin")).toEqual([...API_SCOPES]);
  });

  it("names every actor in one stored format, and shows people by their login", () => {
    expect(actorLabel(user("developer"))).toBe("user:u");
    expect(actorLabel(token("developer", ["catalog:read"]))).toBe("token:t");
    expect(actorLabel({ kind: "system", name: "seed", role: "admin" })).toBe("system:seed");
    expect(displayActor("user:ann")).toBe("ann");
    expect(displayActor("token:ci")).toBe("token:ci");
  });

  it("lets the owner act on what they own, and anyone else only with the permission", () => {
    const ann: Actor = { kind: "user", id: "1", login: "ann", name: null, role: "developer" };
    expect(isOwnerOrCan(ann, "user:ann", "selfservice:manage")).toBe(true);
    expect(isOwnerOrCan(ann, "user:bob", "selfservice:manage")).toBe(false);
    expect(isOwnerOrCan(ann, null, "selfservice:manage")).toBe(false);
    // A token named like a person is not that person.
    expect(isOwnerOrCan(token("developer", ["runs:write"]), "user:t", "selfservice:manage")).toBe(false);
    expect(isOwnerOrCan(user("admin"), "user:bob", "selfservice:manage")).toBe(true);
    // An admin token acts on others' runs only with the scope the permission needs.
    expect(isOwnerOrCan(token("admin", ["catalog:read"]), "user:bob", "selfservice:manage")).toBe(false);
    expect(isOwnerOrCan(token("admin", ["runs:write"]), "user:bob", "selfservice:manage")).toBe(true);
    expect(() =>
      assertOwnerOrCan(ann, "user:bob", "selfservice:manage", { code: "forbidden:run", message: "not yours" }),
    ).toThrow(expect.objectContaining({ code: "forbidden:run", message: "not yours" }));
  });
});
