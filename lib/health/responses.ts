// The health of an environment as the API answers it (schemas for lib/api's contracts and document).
import { z } from "zod";
import { HEALTH_STATES } from "./health-rollup";

export const healthView = z
  .object({ state: z.enum(HEALTH_STATES), reason: z.string() })
  .meta({ id: "Health", description: "From the health probes and the latest deployment; `reason` says why." });
