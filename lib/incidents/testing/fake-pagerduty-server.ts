// A local server that speaks PagerDuty's REST API (v2) for the calls Portolan makes: `GET /services/{id}`
// and `GET /oncalls`, with PagerDuty's token authentication, its error body and its payload shapes
// (references with id/type/summary/self/html_url; full users with include[]=users; classic paging fields).
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeOnCall = {
  level: number;
  user: { id: string; name: string; email: string };
  schedule?: { id: string; name: string };
  start: string;
  end: string;
};
export type FakePolicy = { id: string; name: string; oncalls: FakeOnCall[] };
export type FakePagerdutyData = {
  subdomain: string;
  /** PagerDuty service id → its name and escalation policy id. */
  services: Record<string, { name: string; policy: string }>;
  policies: FakePolicy[];
};

export type FakePagerduty = {
  url: string;
  token: string;
  log: { method: string; path: string; status: number }[];
  close: () => Promise<void>;
};

const API = "https://api.pagerduty.com";

function ref(type: string, plural: string, id: string, summary: string, subdomain: string) {
  return {
    id,
    type: `${type}_reference`,
    summary,
    self: `${API}/${plural}/${id}`,
    html_url: `https://${subdomain}.pagerduty.com/${plural}/${id}`,
  };
}

function fullUser(user: FakeOnCall["user"], subdomain: string) {
  return {
    ...ref("user", "users", user.id, user.name, subdomain),
    type: "user",
    name: user.name,
    email: user.email,
    time_zone: "Europe/London",
    color: "green",
    role: "user",
    avatar_url: `https://secure.gravatar.com/avatar/${user.id}.png`,
    description: null,
    invitation_sent: false,
    job_title: null,
    teams: [],
    contact_methods: [],
    notification_rules: [],
  };
}

const problem = (status: number, message: string, code: number) => ({ status, body: { error: { message, code } } });

function answer(data: FakePagerdutyData, url: URL): { status: number; body: unknown } {
  const service = /^\/services\/([A-Z0-9]+)$/.exec(url.pathname);
  if (service) {
    const found = data.services[service[1]];
    if (!found) return problem(404, "Not Found", 2100);
    const policy = data.policies.find((p) => p.id === found.policy);
    return {
      status: 200,
      body: {
        service: {
          ...ref("service", "services", service[1], found.name, data.subdomain),
          type: "service",
          name: found.name,
          description: null,
          status: "active",
          escalation_policy: ref(
            "escalation_policy",
            "escalation_policies",
            found.policy,
            policy?.name ?? "",
            data.subdomain,
          ),
          teams: [],
          integrations: [],
          alert_creation: "create_alerts_and_incidents",
          created_at: "2024-01-01T00:00:00Z",
        },
      },
    };
  }
  if (url.pathname === "/oncalls") {
    const ids = url.searchParams.getAll("escalation_policy_ids[]");
    const full = url.searchParams.getAll("include[]").includes("users");
    const oncalls = data.policies
      .filter((p) => ids.length === 0 || ids.includes(p.id))
      .flatMap((p) =>
        p.oncalls.map((o) => ({
          escalation_policy: ref("escalation_policy", "escalation_policies", p.id, p.name, data.subdomain),
          escalation_level: o.level,
          schedule: o.schedule ? ref("schedule", "schedules", o.schedule.id, o.schedule.name, data.subdomain) : null,
          user: full ? fullUser(o.user, data.subdomain) : ref("user", "users", o.user.id, o.user.name, data.subdomain),
          start: o.start,
          end: o.end,
        })),
      );
    return { status: 200, body: { oncalls, limit: 25, offset: 0, more: false, total: null } };
  }
  return problem(404, "Not Found", 2100);
}

export async function startFakePagerduty(options: {
  data: FakePagerdutyData;
  token: string;
  port?: number;
}): Promise<FakePagerduty> {
  const log: FakePagerduty["log"] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const result =
      request.headers.authorization !== `Token token=${options.token}`
        ? problem(401, "Authentication failed", 2006)
        : request.method !== "GET"
          ? problem(405, "Method Not Allowed", 2000)
          : answer(options.data, url);
    log.push({ method: request.method ?? "GET", path: url.pathname + url.search, status: result.status });
    response.writeHead(result.status, { "content-type": "application/json; charset=utf-8" });
    response.end(JSON.stringify(result.body));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token: options.token,
    log,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
