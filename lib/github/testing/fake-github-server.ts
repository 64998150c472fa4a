// A local server that speaks GitHub's REST API for one fictional organisation: Link-header
// pagination, ETags with 304s (free, as on GitHub), x-ratelimit-* headers, GitHub's error bodies,
// and a switch for a secondary rate limit. Octokit talks to it through `baseUrl`.
import { createHash, createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import * as p from "./fake-payloads";
import { readRoute, writeRoute, type Dispatch } from "./fake-github-writes";
import type { FakeOrg, FakeRepo } from "./fake-payloads";

export type { FakeOrg, FakeRepo } from "./fake-payloads";

export type FakeGithub = {
  url: string;
  org: FakeOrg;
  token: string;
  /** Every request served, with its status (304s included). */
  log: { method: string; path: string; status: number }[];
  rateLimit: { limit: number; remaining: number; reset: number };
  /** The next `count` requests get a secondary rate limit 403 with retry-after. */
  failWithSecondaryRateLimit: (count?: number, retryAfterSeconds?: number) => void;
  /** Called when a workflow is dispatched: a test plays the workflow (moves the run on, creates a deployment). */
  onDispatch?: (dispatch: Dispatch) => void;
  /** Changes a file and moves pushed_at, as a push does. */
  pushFile: (repo: string, path: string, text: string | null) => void;
  close: () => Promise<void>;
};

const DOCS = "https://docs.github.com/rest";

function problem(status: number, message: string, documentation = DOCS, extra: Record<string, unknown> = {}) {
  return { status, body: { message, documentation_url: documentation, status: String(status), ...extra } };
}

type Result = { status: number; body: unknown; headers?: Record<string, string> };

function paginate(url: URL, items: unknown[], publicBase: string): Result {
  const perPageRaw = url.searchParams.get("per_page");
  const pageRaw = url.searchParams.get("page");
  if ((perPageRaw && !/^\d+$/.test(perPageRaw)) || (pageRaw && !/^\d+$/.test(pageRaw))) {
    return problem(422, "Validation Failed", DOCS, {
      errors: [{ resource: "Search", field: "per_page", code: "invalid" }],
    });
  }
  const perPage = Math.min(100, Math.max(1, Number(perPageRaw ?? 30)));
  const page = Math.max(1, Number(pageRaw ?? 1));
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string) => {
    const target = new URL(url.pathname + url.search, publicBase);
    target.searchParams.set("per_page", String(perPage));
    target.searchParams.set("page", String(n));
    return `<${target.toString()}>; rel="${rel}"`;
  };
  const links = [];
  if (page > 1) links.push(link(page - 1, "prev"));
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  if (page > 1) links.push(link(1, "first"));
  return {
    status: 200,
    body: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length ? { link: links.join(", ") } : {},
  };
}

function route(fake: FakeGithub, method: string, url: URL, base: string, body: Record<string, unknown> = {}): Result {
  const org = fake.org;
  const parts = url.pathname
    .replace(/^\/api\/v3/, "")
    .split("/")
    .filter(Boolean)
    .map(decodeURIComponent);
  if (method !== "GET") {
    const repo =
      parts[0] === "repos" && parts[1]?.toLowerCase() === org.login.toLowerCase()
        ? org.repos.find((r) => r.name.toLowerCase() === parts[2]?.toLowerCase())
        : undefined;
    return repo
      ? writeRoute(repo, `${org.login}/${repo.name}`, base, method, parts.slice(3), body, fake.onDispatch)
      : problem(404, "Not Found");
  }
  const findRepo = (owner: string, name: string): FakeRepo | undefined =>
    owner.toLowerCase() === org.login.toLowerCase()
      ? org.repos.find((r) => r.name.toLowerCase() === name.toLowerCase())
      : undefined;

  if (parts[0] === "rate_limit") {
    const core = {
      limit: fake.rateLimit.limit,
      remaining: fake.rateLimit.remaining,
      reset: fake.rateLimit.reset,
      used: fake.rateLimit.limit - fake.rateLimit.remaining,
      resource: "core",
    };
    return { status: 200, body: { resources: { core }, rate: core } };
  }
  if (parts[0] === "orgs" && parts[1]?.toLowerCase() === org.login.toLowerCase()) {
    if (parts.length === 2)
      return {
        status: 200,
        body: {
          login: org.login,
          id: org.id,
          url: `${base}/orgs/${org.login}`,
          description: null,
          type: "Organization",
        },
      };
    if (parts[2] === "repos" && parts.length === 3) {
      if (!["all", "public", "private", "forks", "sources", "member", null].includes(url.searchParams.get("type"))) {
        return problem(422, "Validation Failed", DOCS, {
          errors: [{ resource: "Repository", field: "type", code: "invalid" }],
        });
      }
      return paginate(
        url,
        org.repos.map((r) => p.repository(base, org.login, r)),
        base,
      );
    }
    if (parts[2] === "teams" && parts.length === 3)
      return paginate(
        url,
        org.teams.map((t) => p.team(base, org, t)),
        base,
      );
    if (parts[2] === "teams" && parts[4] === "members" && parts.length === 5) {
      const t = org.teams.find((x) => x.slug === parts[3]);
      if (!t) return problem(404, "Not Found", `${DOCS}/teams/members#list-team-members`);
      return paginate(
        url,
        t.members.map((login) => p.simpleUser(base, login)),
        base,
      );
    }
  }
  if (parts[0] === "repos" && parts.length >= 3) {
    const repo = findRepo(parts[1], parts[2]);
    if (!repo) return problem(404, "Not Found", `${DOCS}/repos/repos#get-a-repository`);
    const full = `${org.login}/${repo.name}`;
    const rest = parts.slice(3);
    if (rest.length === 0) return { status: 200, body: p.repository(base, org.login, repo) };
    if (rest[0] === "git" && rest[1] === "trees" && rest.length === 3) {
      const branches = repo.branches ?? [repo.defaultBranch ?? "main"];
      if (![...branches, "HEAD"].includes(decodeURIComponent(rest[2])))
        return problem(404, "Not Found", `${DOCS}/git/trees#get-a-tree`);
      return { status: 200, body: p.gitTree(base, full, rest[2], repo.files, url.searchParams.has("recursive")) };
    }
    if (rest[0] === "contents") {
      const path = rest.slice(1).join("/");
      const text = repo.files[path];
      if (text === undefined) return problem(404, "Not Found", `${DOCS}/repos/contents#get-repository-content`);
      return { status: 200, body: p.contentFile(base, full, path, text, repo.defaultBranch ?? "main") };
    }
    if (rest[0] === "teams" && rest.length === 1) {
      const teams = Object.entries(repo.teams ?? {}).flatMap(([slug, permission]) => {
        const t = org.teams.find((x) => x.slug === slug);
        return t ? [p.team(base, org, t, permission)] : [];
      });
      return paginate(url, teams, base);
    }
    if (rest[0] === "collaborators" && rest[2] === "permission" && rest.length === 3) {
      // From the repository's teams, as GitHub answers it: maintain counts as write, triage as read.
      const levels = Object.entries(repo.teams ?? {})
        .filter(([slug]) => org.teams.find((t) => t.slug === slug)?.members.includes(rest[1]))
        .map(([, level]) => level);
      const permission = levels.includes("admin")
        ? "admin"
        : levels.some((l) => l === "push" || l === "maintain")
          ? "write"
          : levels.length
            ? "read"
            : "none";
      return {
        status: 200,
        body: { permission, role_name: permission, user: p.simpleUser(base, rest[1]) },
      };
    }
    const extra = readRoute(repo, full, base, rest, url, (items) => paginate(url, items, base));
    if (extra) return extra;
    if (rest[0] === "deployments" && rest.length === 1) {
      // GitHub filters by ref, sha, environment and task when asked.
      const q = url.searchParams;
      const list = [...(repo.deployments ?? [])]
        .filter(
          (d) =>
            (!q.get("ref") || d.ref === q.get("ref")) &&
            (!q.get("environment") || d.environment === q.get("environment")) &&
            (!q.get("sha") || d.sha === q.get("sha")),
        )
        .sort((a, b) => b.id - a.id);
      return paginate(
        url,
        list.map((d) => p.deployment(base, full, d)),
        base,
      );
    }
    if (rest[0] === "deployments" && rest[2] === "statuses") {
      const d = repo.deployments?.find((x) => x.id === Number(rest[1]));
      if (!d) return problem(404, "Not Found", `${DOCS}/deployments/statuses#list-deployment-statuses`);
      return paginate(
        url,
        [...d.statuses].reverse().map((s) => p.deploymentStatus(base, full, d, s)),
        base,
      );
    }
    if (rest[0] === "releases" && rest.length === 1) {
      const list = [...(repo.releases ?? [])].sort((a, b) => b.id - a.id);
      return paginate(
        url,
        list.map((r) => p.release(base, full, r)),
        base,
      );
    }
    if (rest[0] === "compare" && rest.length === 2) {
      const [baseRef, headRef] = rest[1].split("...");
      const body = headRef ? p.comparison(base, full, baseRef, headRef, repo.commits ?? []) : null;
      return body ? { status: 200, body } : problem(404, "Not Found", `${DOCS}/commits/commits#compare-two-commits`);
    }
    if (rest[0] === "actions" && rest[1] === "runs") {
      const list = [...(repo.runs ?? [])].sort((a, b) => b.id - a.id);
      const page = paginate(
        url,
        list.map((w) => p.workflowRun(base, org.login, repo, w)),
        base,
      );
      return page.status === 200 ? { ...page, body: { total_count: list.length, workflow_runs: page.body } } : page;
    }
  }
  return problem(404, "Not Found");
}

/** Starts the server on a random local port. `pathPrefix: "/api/v3"` imitates GitHub Enterprise Server. */
export async function startFakeGithub(options: {
  org: FakeOrg;
  token?: string;
  pathPrefix?: string;
  port?: number;
}): Promise<FakeGithub> {
  let secondaryFailures = 0;
  let retryAfter = 1;
  const fake: FakeGithub = {
    url: "",
    org: options.org,
    token: options.token ?? "ghp_fake_token",
    log: [],
    rateLimit: { limit: 5000, remaining: 5000, reset: Math.floor(Date.now() / 1000) + 3600 },
    failWithSecondaryRateLimit: (count = 1, seconds = 1) => {
      secondaryFailures = count;
      retryAfter = seconds;
    },
    pushFile: (name, path, text) => {
      const repo = fake.org.repos.find((r) => r.name === name);
      if (!repo) throw new Error(`no repo ${name}`);
      if (text === null) delete repo.files[path];
      else repo.files[path] = text;
      repo.pushedAt = new Date(Date.parse(repo.pushedAt) + 60_000).toISOString();
    },
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    if (req.method === "GET" || req.method === "HEAD") return serve(req, res, {});
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (text += chunk));
    req.on("end", () => {
      let body: Record<string, unknown> = {};
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        res.writeHead(400, { "content-type": "application/json; charset=utf-8" });
        return res.end(JSON.stringify({ message: "Problems parsing JSON", documentation_url: DOCS, status: "400" }));
      }
      serve(req, res, body);
    });
  });
  const serve = (req: http.IncomingMessage, res: http.ServerResponse, requestBody: Record<string, unknown>) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const base = fake.url;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      fake.log.push({ method: req.method ?? "GET", path: url.pathname + url.search, status });
      const rate = fake.rateLimit;
      res.writeHead(status, {
        "x-ratelimit-limit": String(rate.limit),
        "x-ratelimit-remaining": String(rate.remaining),
        "x-ratelimit-reset": String(rate.reset),
        "x-ratelimit-used": String(rate.limit - rate.remaining),
        "x-ratelimit-resource": "core",
        "x-github-api-version-selected": "2022-11-28",
        "x-github-request-id": createHash("md5")
          .update(String(fake.log.length))
          .digest("hex")
          .slice(0, 16)
          .toUpperCase(),
        ...(body === null ? {} : { "content-type": "application/json; charset=utf-8" }),
        ...headers,
      });
      res.end(body === null ? undefined : JSON.stringify(body));
    };
    const auth = req.headers.authorization ?? "";
    const token = /^(?:token|bearer)\s+(.+)$/i.exec(auth)?.[1];
    // GitHub App flow: a JWT (three base64url parts) finds the installation and mints its token.
    const isJwt = Boolean(token && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token));
    const appPath = url.pathname.replace(/^\/api\/v3/, "");
    if (isJwt && req.method === "GET" && appPath === `/orgs/${fake.org.login}/installation`) {
      return send(200, {
        id: 31337,
        account: { login: fake.org.login, id: fake.org.id, type: "Organization" },
        app_id: 1,
        target_type: "Organization",
        permissions: { contents: "read", metadata: "read", members: "read" },
      });
    }
    if (isJwt && req.method === "POST" && appPath === "/app/installations/31337/access_tokens") {
      return send(201, {
        token: fake.token,
        expires_at: new Date(Date.now() + 3600_000).toISOString(),
        permissions: { contents: "read" },
        repository_selection: "all",
      });
    }
    if (token !== fake.token) return send(401, problem(401, "Bad credentials").body);
    if (secondaryFailures > 0) {
      secondaryFailures--;
      const message =
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.";
      return send(
        403,
        problem(
          403,
          message,
          "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        ).body,
        { "retry-after": String(retryAfter) },
      );
    }
    if (fake.rateLimit.remaining <= 0) {
      return send(
        403,
        problem(
          403,
          "API rate limit exceeded for user ID 1.",
          "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits",
        ).body,
      );
    }
    const result = route(fake, req.method ?? "GET", url, base, requestBody);
    if (result.status !== 200 || req.method !== "GET") {
      fake.rateLimit.remaining--;
      return send(result.status, result.body, result.headers);
    }
    const etag = `W/"${createHash("sha256").update(JSON.stringify(result.body)).digest("hex").slice(0, 40)}"`;
    if (req.headers["if-none-match"] === etag) return send(304, null, { etag, ...(result.headers ?? {}) });
    fake.rateLimit.remaining--;
    send(200, result.body, {
      etag,
      "cache-control": "private, max-age=60, s-maxage=60",
      vary: "Accept, Authorization, Cookie, X-GitHub-OTP",
      ...(result.headers ?? {}),
    });
  };
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${port}${options.pathPrefix ?? ""}`;
  fake.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return fake;
}

/** X-Hub-Signature-256 as GitHub computes it. */
export function signWebhook(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}
