// One preview per pull request. A template that declares `spec.pullRequests` gets an environment for
// each pull request to one of its repositories' base branches: opened when the pull request opens
// (or is reopened, or gets the template's label), redeployed in place on a push, destroyed when it
// closes. A pull request from a fork runs someone else's code on this infrastructure, so it gets none
// automatically: only when someone with write access adds the label. The GitHub webhook receiver
// stores the delivery and hands it over as the pull-request-preview job (lib/github/process-webhook.ts).
import { and, eq, notInArray, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Database, type Db } from "@/db/client";
import { githubWebhookDeliveries, provisioningRuns, provisioningSteps, selfServiceEnvironments } from "@/db/schema";
import type { Actor } from "@/lib/access/permissions";
import { repositoryOfSql } from "@/lib/catalog/repository-of";
import { createGithubClient } from "@/lib/github/client";
import { readGithubConfig } from "@/lib/github/config";
import type { Enqueue } from "@/lib/jobs/define-job";
import { createRun } from "./create-run";
import { isRunnable, loadAllTemplates } from "./load-templates";
import { ACTIONS } from "./actions";
import { appendEvent, assertHeld, claimForTeardown, LostRun, stepsOf, type EnvironmentRow } from "./run-store";
import { requestDestroy } from "./self-service-lifecycle";
import { rollback } from "./teardown";
import type { TemplateDefinition } from "./template-schema";

const payloadSchema = z.object({
  action: z.string(),
  pull_request: z.object({
    number: z.number().int().positive(),
    html_url: z.string().nullish(),
    head: z.object({ ref: z.string(), sha: z.string(), repo: z.object({ full_name: z.string() }).nullish() }),
    base: z.object({ ref: z.string(), repo: z.object({ full_name: z.string() }) }),
    labels: z.array(z.object({ name: z.string() })).default([]),
  }),
  label: z.object({ name: z.string() }).nullish(),
  sender: z.object({ login: z.string() }).nullish(),
});
type PullRequestEvent = z.infer<typeof payloadSchema>;
type Usable = Extract<Awaited<ReturnType<typeof loadAllTemplates>>[number], { ok: true }>;
type Deps = { enqueue: Enqueue };

/** Each pull request acts as its own owner, so a template's per-user quota counts per pull request. */
function pullRequestActor(repo: string, number: number): Actor {
  return { kind: "system", name: `pull-request:${repo}#${number}`, role: "admin" };
}

const sameRepo = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function matches(t: Usable, repo: string, base: string): boolean {
  const trigger = t.template.spec.pullRequests;
  return Boolean(trigger?.repositories.some((r: string) => sameRepo(r, repo)) && trigger.baseBranches.includes(base));
}

/** The pull request's environment of this template that is not gone, if any. */
async function environmentOf(db: Db, template: string, repo: string, number: number) {
  const [env] = await db
    .select()
    .from(selfServiceEnvironments)
    .where(
      and(
        eq(selfServiceEnvironments.templateName, template),
        sql`lower(${selfServiceEnvironments.pullRequestRepo}) = lower(${repo})`,
        eq(selfServiceEnvironments.pullRequestNumber, number),
        notInArray(selfServiceEnvironments.status, ["destroyed"]),
      ),
    );
  return env ?? null;
}

/** The catalog component whose repository this is (github.com/project-slug, or the repository it was registered from). */
async function componentOf(db: Db, repo: string): Promise<string | null> {
  const [row] = await queryRows<{ ref: string }>(
    db,
    sql`select ref from entities where kind = 'component' and lower(${repositoryOfSql(sql`ref`)}) = lower(${repo}) order by ref limit 1`,
  );
  return row?.ref ?? null;
}

const isFork = (event: PullRequestEvent, repo: string) =>
  !event.pull_request.head.repo || !sameRepo(event.pull_request.head.repo.full_name, repo);

/** Whether GitHub says this person may push to the repository (write, maintain or admin). */
async function hasWriteAccess(db: Db, repo: string, login: string): Promise<boolean> {
  const [owner, name] = repo.split("/");
  const client = await createGithubClient(readGithubConfig(), db, owner);
  const { data } = await client.octokit.rest.repos.getCollaboratorPermissionLevel({
    owner,
    repo: name,
    username: login,
  });
  return data.permission === "admin" || data.permission === "write";
}

/**
 * Whether this event should open a preview: same-repository pull requests when opened, reopened or
 * labeled (with the template's label when it names one); forks only through a label added by a writer.
 */
async function mayOpen(db: Db, t: Usable, event: PullRequestEvent, repo: string): Promise<string | null> {
  const label = t.template.spec.pullRequests?.label;
  const pr = event.pull_request;
  if (isFork(event, repo)) {
    if (event.action !== "labeled" || (label && event.label?.name !== label))
      return "a pull request from a fork gets a preview only when someone with write access adds the label";
    if (!event.sender || !(await hasWriteAccess(db, repo, event.sender.login)))
      return `${event.sender?.login ?? "the sender"} has no write access to ${repo}: no preview for a fork`;
    return null;
  }
  if (!["opened", "reopened", "labeled", "ready_for_review"].includes(event.action)) return "not an opening event";
  if (label && !pr.labels.some((l) => l.name === label)) return `waiting for the label "${label}"`;
  if (event.action === "labeled" && label && event.label?.name !== label) return "another label";
  return null;
}

/** The template's parameters for this pull request: component and branch, and pullRequest/commit when it declares them. */
function parametersFor(t: Usable, component: string | null, event: PullRequestEvent, repo: string) {
  const declared = (t.parametersSchema as { properties?: Record<string, unknown> }).properties ?? {};
  const pr = event.pull_request;
  const fromFork = isFork(event, repo);
  return {
    ...(component && "component" in declared ? { component } : {}),
    // A fork's branch is not in the repository; GitHub keeps the pull request's head under pull/N/head.
    ...("branch" in declared ? { branch: fromFork ? `pull/${pr.number}/head` : pr.head.ref } : {}),
    ...("pullRequest" in declared ? { pullRequest: pr.number } : {}),
    ...("commit" in declared ? { commit: pr.head.sha } : {}),
  };
}

/** Applies one stored pull_request delivery to every template that runs for it; returns what was done. */
export async function handlePullRequestDelivery(database: Database, deliveryId: string, deps: Deps): Promise<string> {
  const { db } = database;
  const [delivery] = await db.select().from(githubWebhookDeliveries).where(eq(githubWebhookDeliveries.id, deliveryId));
  if (!delivery) return "unknown delivery";
  const parsed = payloadSchema.safeParse(delivery.payload);
  if (!parsed.success) return "ignored: not a pull_request payload";
  const event = parsed.data;
  const pr = event.pull_request;
  const repo = pr.base.repo.full_name;
  const templates = (await loadAllTemplates(db)).filter(
    (t): t is Usable => t.ok && isRunnable(t) && matches(t as Usable, repo, pr.base.ref),
  );
  const outcomes: string[] = [];
  for (const t of templates) {
    const actor = pullRequestActor(repo, pr.number);
    const existing = await environmentOf(db, t.name, repo, pr.number);
    const say = (text: string) => outcomes.push(`${t.name}: ${text}`);
    if (event.action === "closed") {
      if (existing) say(`destroy (${await requestDestroy(db, actor, existing.id, deps)})`);
      continue;
    }
    const fork = isFork(event, repo);
    if (event.action === "synchronize") {
      // A fork's new commits were not read by whoever labelled it: they wait for the label again.
      if (existing && fork) say("not redeployed: a push to a fork's pull request needs the label added again");
      else if (existing) say(await redeploy(database, existing, { commit: pr.head.sha }, deps));
      continue;
    }
    const refusal = await mayOpen(db, t, event, repo);
    if (existing) {
      // A writer labelling a fork's pull request again: its current head is deployed.
      if (fork && !refusal) say(await redeploy(database, existing, { commit: pr.head.sha }, deps));
      continue;
    }
    if (refusal) {
      say(`no preview: ${refusal}`);
      continue;
    }
    const run = await createRun(
      db,
      actor,
      {
        template: t.source.kind === "catalog" ? t.source.ref : t.name,
        parameters: parametersFor(t, await componentOf(db, repo), event, repo),
        pullRequest: { repo, number: pr.number, url: pr.html_url ?? null },
      },
      deps,
    );
    say(`opened environment ${run.environmentId}`);
  }
  return outcomes.length ? outcomes.join("; ") : "ignored: no template runs for this pull request";
}

/**
 * A push to the pull request: the same environment is provisioned again with the new code — what its
 * steps made is undone (a GitHub deployment goes inactive), the steps run again from the start. A run
 * still going is waited for (the job retries).
 */
export async function redeploy(
  database: Database,
  env: EnvironmentRow,
  change: { commit: string },
  deps: Deps,
): Promise<string> {
  const { db } = database;
  if (["destroying", "destroyed"].includes(env.status)) return `not redeployed: ${env.status}`;
  if (!["ready", "failed", "asleep"].includes(env.status))
    throw new Error(`environment ${env.id} is ${env.status}; the push is applied once it settles (retried)`);
  const hold = await claimForTeardown(db, env.runId);
  if (!hold) throw new Error(`environment ${env.id}'s run is still going; the push is applied once it ends (retried)`);
  const [run] = await db.select().from(provisioningRuns).where(eq(provisioningRuns.id, env.runId));
  try {
    await rollback(database, hold, run.template as unknown as TemplateDefinition);
    await db.transaction(async (tx) => {
      await assertHeld(tx, hold);
      // What rollback could not undo still holds its resources: running the steps again would orphan it.
      const left = (await stepsOf(tx, env.runId, "provision")).find(
        (step) => step.resources && step.status !== "rolled_back" && ACTIONS[step.action]?.teardown,
      );
      if (left) throw new Error(`step ${left.stepId} could not be undone; destroy the environment instead`);
      await tx
        .update(provisioningSteps)
        .set({ status: "pending", output: {}, resources: null, error: null, startedAt: null, finishedAt: null })
        .where(eq(provisioningSteps.runId, env.runId));
      await tx
        .delete(provisioningSteps)
        .where(and(eq(provisioningSteps.runId, env.runId), eq(provisioningSteps.phase, "teardown")));
      const parameters = "commit" in run.parameters ? { ...run.parameters, commit: change.commit } : run.parameters;
      await tx
        .update(provisioningRuns)
        .set({ status: "queued", parameters, error: null, finishedAt: null, cancelRequested: false, workerId: null })
        .where(eq(provisioningRuns.id, env.runId));
      await tx
        .update(selfServiceEnvironments)
        .set({ status: "requested", url: null, failureReason: null })
        .where(eq(selfServiceEnvironments.id, env.id));
      await appendEvent(tx, env.runId, `redeploying for a push to the pull request (${change.commit.slice(0, 12)})`);
      await deps.enqueue("provisioning-run", { runId: env.runId }, { tx });
    });
    return `redeploying environment ${env.id}`;
  } catch (error) {
    if (error instanceof LostRun) return "not redeployed: the environment was taken over (destroyed meanwhile)";
    throw error;
  }
}
