import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDatabases } from "@/db/testing";
import type { Actor } from "@/lib/access/permissions";
import { importDescriptors } from "@/lib/catalog/import-descriptors";
import { createChannel } from "@/lib/notifications/channels";
import { deliverOne } from "@/lib/notifications/deliver";
import { listNotifications } from "@/lib/notifications/inbox";
import { testActor } from "@/lib/provisioning/testing";
import { sendInitiativeReminders } from "./initiative-reminders";
import { createInitiative, getInitiative, initiativeInput, initiativeProgress } from "./initiatives";
import { parseScorecardText } from "./load-scorecards";
import { refreshScorecards } from "./refresh";

const system: Actor = { kind: "system", name: "test", role: "admin" };
const SECRET = "test-portal-secret";
const DAY = 86_400_000;

const scorecards = parseScorecardText(
  `apiVersion: portolan.dev/v1alpha1
kind: Scorecard
metadata: { name: basics }
spec:
  appliesTo: { kind: component }
  levels: [bronze]
  rules:
    - { id: described, level: bronze, check: { fact: entity.metadata.description, operator: exists } }
`,
  "t.yaml",
).flatMap((s) => (s.ok ? [s.scorecard] : []));

// Leads come from the team's Group in a trusted (admin-written) location; a developer's own import
// naming themselves lead counts for nothing.
const TRUSTED = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a, annotations: { portolan.dev/leads: "user:lena" } }
spec: { type: team, children: [], members: [lena, max] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-b }
spec: { type: team, children: [], members: [bo] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: a1 }
spec: { type: service, lifecycle: production, owner: team-a }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: b1 }
spec: { type: service, lifecycle: production, owner: team-b }
`;
const UNTRUSTED = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-c, annotations: { portolan.dev/leads: "max" } }
spec: { type: team, children: [], members: [max] }
`;

describe.each(testDatabases())("initiatives by team leads, and reminders, on $name", (target) => {
  let database: Database;
  let receiver: http.Server;
  let base: string;
  const received: { path: string; body: string }[] = [];
  const lena = testActor("lena");
  const max = testActor("max");
  const saved = { ...process.env };
  const queued: number[] = [];
  const enqueue = async (name: string, payload: unknown) => {
    if (name === "notification-deliver") queued.push((payload as { deliveryId: number }).deliveryId);
    return "job";
  };

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ path: req.url ?? "", body });
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const port = (receiver.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
    process.env.PORTOLAN_EGRESS_ALLOW = `127.0.0.1:${port}`;
    database = await target.open();
    await importDescriptors(database.db, system, {
      location: { id: "org", type: "api", target: "org" },
      text: TRUSTED,
      source: "org.yaml",
    });
    await importDescriptors(database.db, max, {
      location: { id: "max-own", type: "api", target: "max-own" },
      text: UNTRUSTED,
      source: "mine.yaml",
    });
    await refreshScorecards(database.db, { mode: "full" }, scorecards);
  });
  afterAll(async () => {
    process.env = { ...saved };
    await new Promise((resolve) => receiver.close(resolve));
    await database?.close();
  });

  const input = (extra: Record<string, unknown> = {}) =>
    initiativeInput.parse({
      name: "Describe everything",
      scorecard: "basics",
      level: "bronze",
      owner: "team-a",
      services: { owners: ["team-a"] },
      deadline: new Date(Date.now() + 10 * DAY).toISOString(),
      ...extra,
    });

  it("a team lead starts one over their own team's services, and nothing wider", async () => {
    const created = await createInitiative(database.db, lena, input(), scorecards);
    expect(created).toMatchObject({ owner: "group:default/team-a", createdBy: "user:lena", reminders: [14, 7, 1] });

    const refusals: [Actor, Record<string, unknown>, string][] = [
      [lena, { services: { owners: ["team-a", "team-b"] } }, "services.owners"],
      [lena, { services: {} }, "services.owners"],
      [lena, { owner: "team-b", services: { owners: ["team-b"] } }, "owner"],
      [lena, { services: { owners: ["team-a"], refs: ["b1"] } }, "services.refs"],
      // max is a member, not a lead; his own untrusted Group naming him lead does not count.
      [max, { owner: "team-c", services: { owners: ["team-c"] } }, "owner"],
      [max, {}, "owner"],
    ];
    for (const [actor, extra, field] of refusals)
      await expect(createInitiative(database.db, actor, input(extra), scorecards)).rejects.toMatchObject({
        code: "forbidden:initiative",
        details: [expect.objectContaining({ field })],
      });
    // A viewer lacks initiatives:start whatever the catalog says.
    await expect(createInitiative(database.db, testActor("lena", "viewer"), input(), scorecards)).rejects.toThrow(
      /initiatives:start/,
    );
  });

  it("reminders reach the owning team's channel and members' inboxes once per reminder day", async () => {
    await createChannel(
      database.db,
      lena,
      { kind: "webhook", url: `${base}/team-a`, owner: "group:default/team-a", events: ["initiative.reminder"] },
      { secret: SECRET },
    );
    const deadline = new Date(Date.now() + 10 * DAY);
    const created = await createInitiative(
      database.db,
      system,
      input({ name: "Reminded", services: {}, deadline: deadline.toISOString(), reminders: [14, 7, 1] }),
      scorecards,
    );
    const deliverAll = async () => {
      while (queued.length)
        await deliverOne(database.db, queued.shift()!, { secret: SECRET, portalUrl: "https://portal.test" });
    };
    const reminded = () => received.filter((r) => r.body.includes(created.id));

    // 10 days before: the 14-day reminder is due; both teams have an undescribed service.
    const first = await sendInitiativeReminders(database.db, scorecards, { enqueue });
    expect(first.sent).toBeGreaterThanOrEqual(2);
    await deliverAll();
    expect(reminded()).toHaveLength(1);
    expect(reminded()[0].path).toBe("/team-a");
    expect(JSON.parse(reminded()[0].body)).toMatchObject({ event: "initiative.reminder" });
    const inbox = await listNotifications(database.db, max, { limit: 50 });
    expect(inbox.items.some((n) => n.title.startsWith("Reminded: 1 of your services"))).toBe(true);

    // The same day again: nothing new.
    await sendInitiativeReminders(database.db, scorecards, { enqueue });
    await deliverAll();
    expect(reminded()).toHaveLength(1);

    // 6 days before: the 7-day reminder.
    await sendInitiativeReminders(database.db, scorecards, { enqueue }, new Date(deadline.getTime() - 6 * DAY));
    await deliverAll();
    expect(reminded()).toHaveLength(2);

    const progress = await initiativeProgress(database.db, await getInitiative(database.db, created.id), scorecards[0]);
    expect(progress.remindersSent.filter((r) => r.team === "group:default/team-a").map((r) => r.daysBefore)).toEqual([
      7, 14,
    ]);
  });
});
