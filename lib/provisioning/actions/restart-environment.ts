// portolan:restart — the day-2 "restart" of one of the portal's own previews: each done step of the
// preview's run that has a restart hook (its containers) is restarted in order, its log lines in
// this run, and a port the engine published anew becomes the preview's URL. Only the built-in
// restart action (lib/release-actions/restart-preview.ts) names this step; templates cannot reach
// another run's containers (catalog templates are limited by policy to their own actions anyway).
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { provisioningRuns, provisioningSteps, selfServiceEnvironments } from "@/db/schema";
import { environmentUrls, readdressed, redactOutput, redactor, secretsFor } from "../run-context";
import type { TemplateDefinition } from "../template-schema";
import { stepsOf } from "../run-store";
import { defineAction, hookContext, type ActionDefinition } from "./types";

/** The action, given the registry it finds the preview's actions (and their restart hooks) in. */
export const restartEnvironmentAction = (registry: () => Record<string, ActionDefinition>) =>
  defineAction({
    id: "portolan:restart",
    description: "Restarts the containers of one of the portal's previews (the built-in restart action).",
    schema: z.object({ environment: z.uuid() }),
    declaredOutputs: () => ["restarted", "url"],
    run: async ({ input, database, log }) => {
      const { db } = database;
      const [env] = await db
        .select({
          name: selfServiceEnvironments.name,
          status: selfServiceEnvironments.status,
          runId: selfServiceEnvironments.runId,
          run: provisioningRuns,
        })
        .from(selfServiceEnvironments)
        .innerJoin(provisioningRuns, eq(provisioningRuns.id, selfServiceEnvironments.runId))
        .where(eq(selfServiceEnvironments.id, input.environment));
      if (!env) throw new Error("the preview is gone");
      if (env.status !== "ready") throw new Error(`the preview is ${env.status.replace("_", " ")}, not running`);
      const template = env.run.template as unknown as TemplateDefinition;
      const secrets = secretsFor(template);
      const redact = redactor(secrets);
      const ACTIONS = registry();
      let restarted = 0;
      let moved = false;
      const steps = await stepsOf(db, env.runId, "provision");
      const outputs = Object.fromEntries(steps.map((s) => [s.stepId, s.output]));
      for (const step of steps) {
        const hooks = ACTIONS[template.spec?.steps?.[step.position]?.action ?? step.action];
        if (step.status !== "succeeded" || !hooks?.restart) continue;
        await log(`restarting ${step.name}`);
        const changed = await hooks.restart(hookContext(database, step, log));
        restarted++;
        if (changed && Object.keys(changed).length) {
          const output = redactOutput({ ...step.output, ...changed }, redact);
          outputs[step.stepId] = output;
          moved = true;
          await db
            .update(provisioningSteps)
            .set({ output })
            .where(
              and(
                eq(provisioningSteps.runId, step.runId),
                eq(provisioningSteps.phase, step.phase),
                eq(provisioningSteps.position, step.position),
              ),
            );
        }
      }
      if (!restarted) throw new Error(`nothing in ${env.name} can be restarted (it runs no containers)`);
      if (!moved) return { restarted, url: null };
      // A port published anew: the template's URL, links and health URL rendered again, as after a wake.
      const urls = environmentUrls(env.run, template, outputs, secrets);
      await db
        .update(selfServiceEnvironments)
        .set(readdressed(urls))
        .where(and(eq(selfServiceEnvironments.id, input.environment), eq(selfServiceEnvironments.status, "ready")));
      await db
        .update(provisioningRuns)
        .set({ outputs: { ...env.run.outputs, links: urls.links, url: urls.url } })
        .where(eq(provisioningRuns.id, env.runId));
      if (urls.url) await log(redact(`${env.name} answers at ${urls.url}`));
      return { restarted, url: urls.url };
    },
  });
