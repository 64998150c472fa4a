import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { AppError } from "@/lib/errors";
import { importDescriptors } from "./import-descriptors";
import { pickerOptions } from "./picker-options";
import { pickerQuerySchema } from "./schemas";

const group = (name: string, title?: string) => `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: ${JSON.stringify(name)}${title === undefined ? "" : `, title: ${JSON.stringify(title)}`} }
spec: { type: team, children: [] }
`;
const system = (name: string, title: string) => `apiVersion: backstage.io/v1alpha1
kind: System
metadata: { name: ${name}, title: ${JSON.stringify(title)} }
spec: { owner: payments }
`;

const yaml = [
  group("payments", "Payments"),
  group("checkout", "Pay Desk"),
  group("repay-squad", "Repay Squad"),
  group("alpha-payroll"),
  group("uptime", "100% Uptime"),
  group("club", "1000 Club"),
  group("data_eng", "Data Engineering"),
  group("data-ops", "Data Ops"),
  group("slashers", "Back\\Slash"),
  group("zeta", "Zeta"),
  system("payments-platform", "Payments Platform"),
  system("booking", "Booking"),
].join("---\n");

const admin: Actor = { kind: "system", name: "test", role: "admin" };
const viewer: Actor = { kind: "token", id: "t", name: "reader", role: "viewer", scopes: ["catalog:read"] };
const deployer: Actor = { kind: "token", id: "t2", name: "ci", role: "developer", scopes: ["deployments:write"] };

describe.each(testDatabases())("filter picker options ($name)", ({ open }) => {
  let database: Database;
  const titles = async (query: Record<string, unknown>, actor: Actor = viewer) =>
    (await pickerOptions(database.db, actor, pickerQuerySchema.parse(query))).map((o) => o.title);

  beforeAll(async () => {
    database = await open();
    const result = await importDescriptors(database.db, admin, {
      location: { id: "picker", type: "api", target: "picker" },
      text: yaml,
      source: "picker.yaml",
    });
    expect(result.counts).toMatchObject({ created: 12, invalid: 0 });
  });

  afterAll(async () => {
    await database?.close();
  });

  it("lists names or titles starting with the text first, then those containing it, each by title", async () => {
    expect(await titles({ kind: "group", q: "pay" })).toEqual(["Pay Desk", "Payments", "alpha-payroll", "Repay Squad"]);
    const [first] = await pickerOptions(database.db, viewer, pickerQuerySchema.parse({ kind: "group", q: "pay" }));
    expect(first).toEqual({ ref: "group:default/checkout", name: "checkout", title: "Pay Desk" });
  });

  it("matches regardless of case, in the title as well as the name", async () => {
    expect(await titles({ kind: "group", q: "PAY" })).toEqual(await titles({ kind: "group", q: "pay" }));
    expect(await titles({ kind: "group", q: "DESK" })).toEqual(["Pay Desk"]);
    expect(await titles({ kind: "group", q: "squad" })).toEqual(["Repay Squad"]);
  });

  it("with no text lists the first by title, at most `limit`", async () => {
    expect(await titles({ kind: "group" })).toEqual([
      "100% Uptime",
      "1000 Club",
      "alpha-payroll",
      "Back\\Slash",
      "Data Engineering",
      "Data Ops",
      "Pay Desk",
      "Payments",
      "Repay Squad",
      "Zeta",
    ]);
    expect(await titles({ kind: "group", limit: 3 })).toEqual(["100% Uptime", "1000 Club", "alpha-payroll"]);
    expect(await titles({ kind: "group", q: "pay", limit: 2 })).toEqual(["Pay Desk", "Payments"]);
  });

  it("takes %, _ and \\ literally", async () => {
    expect(await titles({ kind: "group", q: "100%" })).toEqual(["100% Uptime"]);
    expect(await titles({ kind: "group", q: "%" })).toEqual(["100% Uptime"]);
    expect(await titles({ kind: "group", q: "data_" })).toEqual(["Data Engineering"]);
    expect(await titles({ kind: "group", q: "_" })).toEqual(["Data Engineering"]);
    expect(await titles({ kind: "group", q: "\\" })).toEqual(["Back\\Slash"]);
    expect(await titles({ kind: "group", q: "\\s" })).toEqual(["Back\\Slash"]);
  });

  it("offers only the kind asked for", async () => {
    expect(await titles({ kind: "system", q: "pay" })).toEqual(["Payments Platform"]);
    expect(await titles({ kind: "system" })).toEqual(["Booking", "Payments Platform"]);
    expect(await titles({ kind: "group", q: "platform" })).toEqual([]);
  });

  it("shows every reader what the catalog list shows, and nothing to a caller who may not read the catalog", async () => {
    expect(await titles({ kind: "group", q: "pay" }, admin)).toEqual(await titles({ kind: "group", q: "pay" }, viewer));
    await expect(
      pickerOptions(database.db, deployer, pickerQuerySchema.parse({ kind: "group", q: "pay" })),
    ).rejects.toThrow(AppError);
  });
});

describe("filter picker query", () => {
  it("refuses other kinds, long text and out-of-range limits with a message naming the field", () => {
    const problems = (query: Record<string, unknown>) => {
      const parsed = pickerQuerySchema.safeParse(query);
      return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
    };
    expect(problems({ kind: "component" })).toEqual(["kind must be one of group, system"]);
    expect(problems({})).toEqual(["kind must be one of group, system"]);
    expect(problems({ kind: "group", q: "x".repeat(101) })).toEqual(["q: at most 100 characters"]);
    expect(problems({ kind: "group", limit: "0" })).toEqual(["limit must be at least 1"]);
    expect(problems({ kind: "group", limit: "500" })).toEqual(["limit must be at most 50"]);
    expect(pickerQuerySchema.parse({ kind: "system", q: "  pay " })).toEqual({ kind: "system", q: "pay", limit: 20 });
  });
});
