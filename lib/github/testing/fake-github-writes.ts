// The fake server's write endpoints and the few reads that go with them (deployments and their
// statuses, workflow dispatch and runs, branches), GitHub-shaped. Tests drive a dispatched
// workflow through `fake.onDispatch`, as the real workflow would.
import { createHash } from "node:crypto";
import * as p from "./fake-payloads";
import type { FakeDeployment, FakeRepo, FakeRun } from "./fake-payloads";

type Result = { status: number; body: unknown; headers?: Record<string, string> };
export type Dispatch = { repo: FakeRepo; run: FakeRun; workflow: string; ref: string; inputs: Record<string, unknown> };

const DOCS = "https://docs.github.com/rest";
const STATES: FakeDeployment["statuses"][number]["state"][] = [
  "error",
  "failure",
  "inactive",
  "in_progress",
  "queued",
  "pending",
  "success",
];
const isState = (value: unknown): value is FakeDeployment["statuses"][number]["state"] =>
  STATES.some((s) => s === value);
let nextId = 900_000;

const invalid = (resource: string, field: string, documentation: string, message = "Validation Failed") => ({
  status: 422,
  body: { message, errors: [{ resource, field, code: "invalid" }], documentation_url: documentation, status: "422" },
});
const notFound = (documentation: string) => ({
  status: 404,
  body: { message: "Not Found", documentation_url: documentation, status: "404" },
});
const shaOf = (ref: string) => createHash("sha1").update(ref).digest("hex");

/** POSTs: create a deployment, add a status, dispatch a workflow, cancel a run. */
export function writeRoute(
  repo: FakeRepo,
  full: string,
  base: string,
  method: string,
  rest: string[],
  body: Record<string, unknown>,
  onDispatch?: (d: Dispatch) => void,
): Result {
  if (method !== "POST") return notFound(DOCS);
  if (rest[0] === "deployments" && rest.length === 1) {
    const doc = `${DOCS}/deployments/deployments#create-a-deployment`;
    if (typeof body.ref !== "string" || !body.ref) return invalid("Deployment", "ref", doc);
    const d: FakeDeployment = {
      id: ++nextId,
      environment: String(body.environment ?? "production"),
      ref: body.ref,
      sha: shaOf(body.ref),
      createdAt: new Date().toISOString(),
      statuses: [],
    };
    (repo.deployments ??= []).push(d);
    return {
      status: 201,
      body: {
        ...p.deployment(base, full, d),
        description: body.description ?? null,
        transient_environment: body.transient_environment === true,
        production_environment: body.production_environment === true,
      },
    };
  }
  if (rest[0] === "deployments" && rest[2] === "statuses" && rest.length === 3) {
    const doc = `${DOCS}/deployments/statuses#create-a-deployment-status`;
    const d = repo.deployments?.find((x) => x.id === Number(rest[1]));
    if (!d) return notFound(doc);
    if (!isState(body.state)) return invalid("DeploymentStatus", "state", doc);
    const status = {
      id: ++nextId,
      state: body.state,
      environmentUrl: typeof body.environment_url === "string" ? body.environment_url : undefined,
      createdAt: new Date().toISOString(),
    };
    d.statuses.push(status);
    return { status: 201, body: p.deploymentStatus(base, full, d, status) };
  }
  if (rest[0] === "actions" && rest[1] === "workflows" && rest[3] === "dispatches" && rest.length === 4) {
    const doc = `${DOCS}/actions/workflows#create-a-workflow-dispatch-event`;
    if (typeof body.ref !== "string" || !body.ref) return invalid("Workflow", "ref", doc);
    const run: FakeRun = {
      id: ++nextId,
      name: rest[2].replace(/\.ya?ml$/, ""),
      status: "queued",
      conclusion: null,
      headBranch: body.ref,
      headSha: shaOf(body.ref),
      runNumber: (repo.runs?.length ?? 0) + 1,
      createdAt: new Date().toISOString(),
      event: "workflow_dispatch",
      workflowFile: rest[2],
    };
    (repo.runs ??= []).push(run);
    onDispatch?.({
      repo,
      run,
      workflow: rest[2],
      ref: body.ref,
      inputs: (body.inputs as Record<string, unknown>) ?? {},
    });
    return { status: 204, body: null };
  }
  if (rest[0] === "actions" && rest[1] === "runs" && rest[3] === "cancel" && rest.length === 4) {
    const run = repo.runs?.find((r) => r.id === Number(rest[2]));
    if (!run) return notFound(`${DOCS}/actions/workflow-runs#cancel-a-workflow-run`);
    if (run.status === "completed")
      return {
        status: 409,
        body: { message: "Cannot cancel a workflow run that is completed.", documentation_url: DOCS, status: "409" },
      };
    Object.assign(run, { status: "completed", conclusion: "cancelled" });
    return { status: 202, body: {} };
  }
  return notFound(DOCS);
}

/** GETs beside the sync's: one run, a workflow's runs (filtered like GitHub), branches; null when not ours. */
export function readRoute(
  repo: FakeRepo,
  full: string,
  base: string,
  rest: string[],
  url: URL,
  paginate: (items: unknown[]) => Result,
): Result | null {
  if (rest[0] === "actions" && rest[1] === "runs" && rest.length === 3) {
    const run = repo.runs?.find((r) => r.id === Number(rest[2]));
    return run
      ? { status: 200, body: p.workflowRun(base, full.split("/")[0], repo, run) }
      : notFound(`${DOCS}/actions/workflow-runs#get-a-workflow-run`);
  }
  if (rest[0] === "actions" && rest[1] === "workflows" && rest[3] === "runs" && rest.length === 4) {
    const q = url.searchParams;
    const since = /^>=(.+)$/.exec(q.get("created") ?? "")?.[1];
    const list = (repo.runs ?? [])
      .filter((r) => r.workflowFile === rest[2] || String(1000 + (r.id % 7)) === rest[2])
      .filter((r) => !q.get("branch") || r.headBranch === q.get("branch"))
      .filter((r) => !q.get("event") || (r.event ?? "push") === q.get("event"))
      .filter((r) => !since || Date.parse(r.createdAt) >= Date.parse(since))
      .sort((a, b) => b.id - a.id);
    const page = paginate(list.map((r) => p.workflowRun(base, full.split("/")[0], repo, r)));
    return page.status === 200 ? { ...page, body: { total_count: list.length, workflow_runs: page.body } } : page;
  }
  if (rest[0] === "branches" && rest.length === 1) {
    const names = repo.branches ?? [repo.defaultBranch ?? "main"];
    return paginate(
      names.map((name) => p.branch(base, full, name, shaOf(name), name === (repo.defaultBranch ?? "main"))),
    );
  }
  return null;
}
