import { z } from "zod";
import { githubMessage, githubTarget, type RepoTarget } from "./github";
import { defineAction, sleep } from "./types";

type WorkflowRun = {
  id: number;
  status: string | null;
  conclusion: string | null;
  html_url: string;
  display_title?: string;
  created_at: string;
};

/** The workflow_dispatch runs of that workflow on that branch created since a time. */
async function findRecentRuns(
  t: RepoTarget,
  input: { workflow: string; ref: string },
  since: Date,
): Promise<WorkflowRun[]> {
  const { data } = await t.client.octokit.rest.actions.listWorkflowRuns({
    owner: t.owner,
    repo: t.repo,
    workflow_id: input.workflow,
    branch: input.ref,
    event: "workflow_dispatch",
    created: `>=${since.toISOString()}`,
    per_page: 50,
  });
  return data.workflow_runs as WorkflowRun[];
}

/** The run a dispatch started: a workflow_dispatch run of that workflow on that branch, created since, whose run-name carries `<run id>/<step id>`. */
async function findStartedRun(
  t: RepoTarget,
  input: { workflow: string; ref: string; runIdInput: string | null },
  dispatchId: string,
  since: Date,
  seenBefore: Set<number> = new Set(),
): Promise<WorkflowRun | null> {
  const runs = (await findRecentRuns(t, input, since)).filter((r) => !seenBefore.has(r.id));
  if (input.runIdInput) return runs.find((r) => r.display_title?.includes(dispatchId)) ?? null;
  // Without the run-name convention: the oldest run created since the dispatch that was not there before it.
  return runs.sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at))[0] ?? null;
}

/** The convention for the URL back: the newest deployment status with an environment_url for ref + environment. */
async function environmentUrlOf(t: RepoTarget, ref: string, environment: string, since: Date): Promise<string | null> {
  const { data: deployments } = await t.client.octokit.rest.repos.listDeployments({
    owner: t.owner,
    repo: t.repo,
    ref,
    environment,
    per_page: 10,
  });
  for (const deployment of deployments.filter((d) => Date.parse(d.created_at) >= since.getTime())) {
    const { data: statuses } = await t.client.octokit.rest.repos.listDeploymentStatuses({
      owner: t.owner,
      repo: t.repo,
      deployment_id: deployment.id,
      per_page: 10,
    });
    const withUrl = statuses.find((s) => s.state === "success" && s.environment_url);
    if (withUrl?.environment_url) return withUrl.environment_url;
  }
  return null;
}

/**
 * Dispatches a workflow_dispatch workflow with inputs, finds the run it started, follows it to
 * completion and reads back the environment URL the workflow published as a deployment status.
 */
export const githubActionsDispatch = defineAction({
  id: "github:actions:dispatch",
  description:
    "Dispatches a GitHub Actions workflow with inputs, follows its run to completion and reads back the environment URL.",
  schema: z.object({
    repo: z.string().optional(),
    component: z.string().optional(),
    workflow: z.string().min(1),
    ref: z.string().min(1),
    inputs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({}),
    /** The workflow input that carries Portolan's run id (and that the workflow puts in its run-name); null to not send it. */
    runIdInput: z.string().nullable().default("portolan_run_id"),
    /** Where the URL comes back: the workflow's deployment status for ref + this environment; null when there is no URL. */
    environment: z.string().nullable().default("preview"),
    timeoutSeconds: z.coerce
      .number()
      .positive()
      .max(6 * 3600)
      .default(1800),
    findTimeoutSeconds: z.coerce.number().positive().max(600).default(60),
    pollIntervalMs: z.coerce.number().min(50).max(60_000).default(5000),
  }),
  declaredOutputs: () => ["workflowRunId", "htmlUrl", "conclusion", "url"],
  run: async ({ input, runId, stepId, database, log, signal, setResources }) => {
    const t = await githubTarget(database, input);
    const started = Date.now();
    // GitHub's clock and ours may differ by a little; the run-name match keeps the window honest.
    const since = new Date(started - 30_000);
    // Run and step: the create and the teardown dispatch of one run are told apart.
    const dispatchId = `${runId}/${stepId}`;
    const inputs = input.runIdInput ? { ...input.inputs, [input.runIdInput]: dispatchId } : input.inputs;
    // Without a run id in the run-name, runs already there (a deploy a minute ago) must not be taken for ours.
    const seenBefore = input.runIdInput
      ? new Set<number>()
      : new Set((await findRecentRuns(t, input, since)).map((r) => r.id));
    try {
      await t.client.octokit.rest.actions.createWorkflowDispatch({
        owner: t.owner,
        repo: t.repo,
        workflow_id: input.workflow,
        ref: input.ref,
        inputs,
      });
    } catch (error) {
      throw new Error(`could not dispatch ${input.workflow}: ${githubMessage(error)}`);
    }
    await log(`dispatched ${input.workflow} on ${t.owner}/${t.repo}@${input.ref}`);
    let run: WorkflowRun | null = null;
    while (!(run = await findStartedRun(t, input, dispatchId, since, seenBefore))) {
      if (Date.now() - started > input.findTimeoutSeconds * 1000)
        throw new Error(`the run ${input.workflow} started was not found within ${input.findTimeoutSeconds} s`);
      await sleep(Math.min(input.pollIntervalMs, 2000), signal);
    }
    await setResources({ repo: `${t.owner}/${t.repo}`, workflowRunId: run.id });
    await log(`following ${run.html_url}`);
    while (run.status !== "completed") {
      if (Date.now() - started > input.timeoutSeconds * 1000)
        throw new Error(`${run.html_url} did not finish within ${input.timeoutSeconds} s`);
      await sleep(input.pollIntervalMs, signal);
      run = (await t.client.octokit.rest.actions.getWorkflowRun({ owner: t.owner, repo: t.repo, run_id: run.id }))
        .data as WorkflowRun;
    }
    if (run.conclusion !== "success")
      throw new Error(`${run.html_url} ended ${run.conclusion ?? "without a conclusion"}`);
    const url = input.environment ? await environmentUrlOf(t, input.ref, input.environment, since) : null;
    if (input.environment && !url)
      throw new Error(
        `${run.html_url} succeeded but published no environment_url for ${input.ref} in "${input.environment}"`,
      );
    await log(url ? `workflow succeeded; environment at ${url}` : "workflow succeeded");
    return { workflowRunId: run.id, htmlUrl: run.html_url, conclusion: run.conclusion, url };
  },
  teardown: async ({ database, resources, log }) => {
    if (!resources?.workflowRunId) return;
    const t = await githubTarget(database, { repo: String(resources.repo) });
    const { data } = await t.client.octokit.rest.actions.getWorkflowRun({
      owner: t.owner,
      repo: t.repo,
      run_id: Number(resources.workflowRunId),
    });
    if (data.status === "completed") return;
    await t.client.octokit.rest.actions.cancelWorkflowRun({ owner: t.owner, repo: t.repo, run_id: data.id });
    await log(`cancelled workflow run ${data.id}`);
  },
});
