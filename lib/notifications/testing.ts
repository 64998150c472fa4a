// For notification tests: a local HTTP receiver standing in for Slack and webhook endpoints, and a
// queue that collects `notification-deliver` jobs so a test sends them when it chooses.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Database } from "@/db/client";
import { deliverOne } from "./deliver";

export const TEST_SECRET = "test-portal-secret";
export const DELIVER_DEPS = { secret: TEST_SECRET, portalUrl: "https://portal.test" };

export type Received = { path: string; headers: http.IncomingHttpHeaders; body: string };

/** Answers 200 and records each request, or 500 for the next `failNext` ones, or 503 while `down`. */
export async function startReceiver() {
  const state = { received: [] as Received[], failNext: 0, down: false };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (state.down) return void res.writeHead(503).end("down");
      if (state.failNext > 0) {
        state.failNext--;
        return void res.writeHead(500).end("try later");
      }
      state.received.push({ path: req.url ?? "", headers: req.headers, body });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    state,
    port,
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The deliveries notify() queued, sent one by one when the test says. */
export function deliveryJobs(database: () => Database) {
  const sent: number[] = [];
  return {
    sent,
    enqueue: async (name: string, payload: unknown) => {
      if (name === "notification-deliver") sent.push((payload as { deliveryId: number }).deliveryId);
      return "job";
    },
    deliverAll: async () => {
      const outcomes = [];
      while (sent.length) outcomes.push(await deliverOne(database().db, sent.shift()!, DELIVER_DEPS));
      return outcomes;
    },
  };
}

/** A team and the service it owns, as descriptors. */
export const teamAndService = (team: string, members: string[], service: string) => `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: ${team} }
spec: { type: team, children: [], members: [${members.join(", ")}] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ${service}, annotations: { github.com/project-slug: acme/${service} } }
spec: { type: service, lifecycle: production, owner: group:default/${team} }
`;
