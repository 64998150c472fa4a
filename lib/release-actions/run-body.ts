// The POST /api/v1/runs body that runs an offered action (GET …/actions, the service page's
// buttons, the command palette): a release action's parameters, restart's preview, an action
// template's target beside its parameters — one mapping, so every caller sends what the API reads.
import type { AvailableAction } from "./responses";

export function actionRunBody(action: AvailableAction, parameters: Record<string, unknown> = {}) {
  const { entity, environment, from, version } = action.target;
  if (action.kind === "release")
    return {
      template: action.template,
      entity,
      parameters: action.template === "promote" ? { from, to: environment, version } : { environment },
    };
  return {
    template: action.template,
    entity,
    parameters,
    ...(environment ? { environment } : {}),
    ...(action.kind === "template" && version ? { release: version } : {}),
  };
}
