import type { ActionDefinition } from "./types";
import { debugFail, debugLog, debugWait } from "./debug";
import { githubActionsDispatch } from "./github-actions-dispatch";
import { githubDeployment } from "./github-deployment";
import { httpRequest } from "./http-request";
import { localProcess } from "./local-process";
import { waitHealth } from "./wait-health";

/** Every action a template step may name. */
export const ACTIONS: Record<string, ActionDefinition> = Object.fromEntries(
  (
    [
      localProcess,
      waitHealth,
      httpRequest,
      githubDeployment,
      githubActionsDispatch,
      debugLog,
      debugWait,
      debugFail,
    ] as ActionDefinition[]
  ).map((a) => [a.id, a]),
);
