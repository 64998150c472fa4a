import { z } from "zod";
import { githubMessage, githubTarget } from "./github";
import { defineAction } from "./types";

const target = { repo: z.string().optional(), component: z.string().optional() };

async function setStatus(
  database: Parameters<typeof githubTarget>[0],
  resources: Record<string, unknown>,
  state: string,
  extra: { environmentUrl?: string | null; description?: string } = {},
) {
  const { owner, repo, client } = await githubTarget(database, { repo: String(resources.repo) });
  await client.octokit.rest.repos.createDeploymentStatus({
    owner,
    repo,
    deployment_id: Number(resources.deploymentId),
    state: state as "in_progress",
    ...(extra.environmentUrl ? { environment_url: extra.environmentUrl } : {}),
    description: (extra.description ?? `Portolan: ${state.replace("_", " ")}`).slice(0, 140),
    auto_inactive: false,
  });
}

/**
 * A GitHub Deployment for the ref and environment, kept in step with the run: in_progress while it
 * runs, success with the environment's URL when it is ready (or failure), inactive at teardown —
 * so the preview shows on the pull request.
 */
export const githubDeployment = defineAction({
  id: "github:deployment",
  description:
    "Creates a GitHub Deployment for a ref and environment and keeps its status in step with the run; inactive at teardown.",
  schema: z.object({
    ...target,
    ref: z.string().min(1),
    environment: z.string().min(1).default("preview"),
    description: z.string().max(140).optional(),
    transient: z.boolean().default(true),
    production: z.boolean().default(false),
  }),
  declaredOutputs: () => ["deploymentId", "repo", "environment", "ref"],
  run: async ({ input, runId, database, log, setResources }) => {
    const { owner, repo, client } = await githubTarget(database, input);
    try {
      const { data } = await client.octokit.rest.repos.createDeployment({
        owner,
        repo,
        ref: input.ref,
        environment: input.environment,
        description: input.description ?? `Portolan run ${runId}`,
        auto_merge: false,
        required_contexts: [],
        transient_environment: input.transient,
        production_environment: input.production,
        payload: { portolanRun: runId },
      });
      if (!("id" in data)) throw new Error(`GitHub did not create the deployment: ${data.message ?? "merge conflict"}`);
      const resources = { repo: `${owner}/${repo}`, deploymentId: data.id };
      await setResources(resources);
      await setStatus(database, resources, "in_progress");
      await log(`GitHub deployment ${data.id} for ${owner}/${repo}@${input.ref} (${input.environment})`);
      return { deploymentId: data.id, repo: `${owner}/${repo}`, environment: input.environment, ref: input.ref };
    } catch (error) {
      throw new Error(githubMessage(error));
    }
  },
  onRunEnd: async ({ database, resources, outcome, url, reason, log }) => {
    if (!resources?.deploymentId) return;
    await setStatus(database, resources, outcome === "succeeded" ? "success" : "failure", {
      environmentUrl: outcome === "succeeded" ? url : null,
      description: reason,
    });
    await log(
      `GitHub deployment ${String(resources.deploymentId)}: ${outcome === "succeeded" ? "success" : "failure"}`,
    );
  },
  teardown: async ({ database, resources, log }) => {
    if (!resources?.deploymentId) return;
    await setStatus(database, resources, "inactive", { description: "Portolan: environment removed" });
    await log(`GitHub deployment ${String(resources.deploymentId)} marked inactive`);
  },
});
