import type { ActionDefinition } from "./types";
import { debugFail, debugLog, debugWait } from "./debug";
import { githubActionsDispatch } from "./github-actions-dispatch";
import { githubDeployment } from "./github-deployment";
import { httpRequest } from "./http-request";
import { composeUp } from "./compose-up";
import { containerBuild } from "./container-build";
import { containerRun } from "./container-run";
import { gitCheckout } from "./git-checkout";
import { localProcess } from "./local-process";
import { postgresDatabase } from "./postgres-database";
import { recordDeployment } from "./record-deployment";
import { restartEnvironmentAction } from "./restart-environment";
import { terraformApply } from "./terraform-apply";
import { waitHealth } from "./wait-health";

/** Every action a template step may name. */
export const ACTIONS: Record<string, ActionDefinition> = Object.fromEntries(
  (
    [
      localProcess,
      gitCheckout,
      containerBuild,
      containerRun,
      composeUp,
      postgresDatabase,
      terraformApply,
      waitHealth,
      httpRequest,
      githubDeployment,
      githubActionsDispatch,
      recordDeployment,
      // It restarts the steps of another run, found in this same registry.
      restartEnvironmentAction(() => ACTIONS),
      debugLog,
      debugWait,
      debugFail,
    ] as ActionDefinition[]
  ).map((a) => [a.id, a]),
);
