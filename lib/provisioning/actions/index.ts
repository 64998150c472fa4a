import type { ActionDefinition } from "./types";
import { debugFail, debugLog, debugWait } from "./debug";
import { httpRequest } from "./http-request";
import { localProcess } from "./local-process";
import { waitHealth } from "./wait-health";

/** Every action a template step may name. */
export const ACTIONS: Record<string, ActionDefinition> = Object.fromEntries(
  ([localProcess, waitHealth, httpRequest, debugLog, debugWait, debugFail] as ActionDefinition[]).map((a) => [a.id, a]),
);
