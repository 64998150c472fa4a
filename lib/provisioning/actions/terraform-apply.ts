import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { apply, destroy, init, prepareModule, terraformStateUrl, type TerraformSetup } from "@/lib/previews/terraform";
import { freshDir, isInside, pathInside, removeInside, stepKey } from "@/lib/previews/workspace";
import { templatesDir } from "../templates-dir";
import { insideRoot } from "./container-common";
import { defineAction } from "./types";

type Resources = { dir: string; workspace: string; backend: "pg" | "local"; applied?: boolean };

function setupOf(kind: "embedded" | "postgres", r: Resources): TerraformSetup {
  const backendUrl = r.backend === "pg" ? terraformStateUrl(kind) : null;
  if (r.backend === "pg" && !backendUrl) throw new Error("the Terraform state server is no longer configured");
  return { dir: r.dir, workspace: r.workspace, backendUrl };
}

export const terraformApply = defineAction({
  id: "terraform:apply",
  description:
    "Applies a Terraform module (from a checkout or the templates folder) in a workspace of the environment's own, state in the portal's PostgreSQL; outputs become step outputs; destroyed at teardown.",
  schema: z.object({
    /** The module's folder: inside `checkout` when given, else inside the templates folder. */
    module: z.string().min(1),
    checkout: z.string().nullish(),
    variables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/), z.unknown()).default({}),
    timeoutSeconds: z.coerce.number().positive().max(7200).default(1800),
  }),
  secretInputs: ["variables.*"],
  // What a module outputs is known only once it ran.
  declaredOutputs: () => null,
  run: async ({ input, runId, stepId, database, log, signal, setResources }) => {
    const base = input.checkout ? insideRoot(input.checkout, "checkout") : templatesDir();
    const moduleDir = pathInside(base, input.module, "module");
    if (!fs.existsSync(moduleDir) || !fs.statSync(moduleDir).isDirectory())
      throw new Error(
        `there is no module folder ${input.module} ${input.checkout ? "in the repository" : "in the templates folder"}`,
      );
    if (!fs.readdirSync(moduleDir).some((f) => f.endsWith(".tf") || f.endsWith(".tf.json")))
      throw new Error(`${input.module} holds no .tf files`);
    const stateUrl = terraformStateUrl(database.kind);
    const resources: Resources = {
      dir: freshDir("tf", runId, stepId),
      workspace: `pv-${stepKey(runId, stepId)}`,
      backend: stateUrl ? "pg" : "local",
    };
    const setup = setupOf(database.kind, resources);
    prepareModule(setup, moduleDir, input.variables);
    await setResources(resources);
    const say = (line: string) => void log(line).catch(() => {});
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(input.timeoutSeconds * 1000)]);
    await log(
      `terraform: module ${path.basename(moduleDir)}, workspace ${resources.workspace}, state in ${resources.backend === "pg" ? "PostgreSQL" : "a local file"}`,
    );
    await init(setup, say, deadline);
    await setResources({ ...resources, applied: true });
    return apply(setup, say, deadline);
  },
  teardown: async ({ resources, log, database }) => {
    const r = resources as Resources | null;
    if (!r?.dir || !isInside(r.dir)) return;
    if (fs.existsSync(r.dir)) {
      const setup = setupOf(database.kind, r);
      const say = (line: string) => void log(line).catch(() => {});
      await init(setup, say);
      await destroy(setup, say);
      await log(`destroyed workspace ${r.workspace}`);
    }
    removeInside(r.dir);
  },
});
