// The run a release action becomes: a template in the provisioning engine's shape, whose steps
// record the deployment and call the service's deployer, with the target stored beside them.
import { templateSchema } from "@/lib/provisioning/template-schema";
import { BUILT_IN_ACTIONS } from "./built-in";
import type { ActionPlan } from "./plan";
import type { ApprovalRule } from "./rules";
import type { Deployer, ServiceTarget } from "./target";

/** The HMAC key for portolan.dev/deploy-url calls: PORTOLAN_SECRET_DEPLOY_SIGNING in the worker's environment. */
export const DEPLOY_SIGNING_SECRET = "DEPLOY_SIGNING";

function deploySteps(deployer: Exclude<Deployer, { kind: "none" }>) {
  if (deployer.kind === "github-workflow")
    return [
      {
        id: "deploy",
        name: "Run the deploy workflow",
        action: "github:actions:dispatch",
        input: {
          repo: "${{ deployer.repo }}",
          workflow: "${{ deployer.workflow }}",
          ref: "${{ deployer.ref }}",
          inputs: { environment: "${{ environment.name }}", version: "${{ release.version }}" },
          // A deploy workflow declares just environment and version; GitHub refuses unknown inputs.
          runIdInput: null,
          environment: null,
          pollIntervalMs: "${{ deployer.pollIntervalMs }}",
        },
      },
    ];
  return [
    {
      id: "deploy",
      name: "Call the deploy endpoint",
      action: "http:request",
      input: {
        method: "POST",
        url: "${{ deployer.url }}",
        body: {
          service: "${{ entity.ref }}",
          environment: "${{ environment.name }}",
          version: "${{ release.version }}",
        },
        secret: `\${{ secrets.${DEPLOY_SIGNING_SECRET} }}`,
        waitForCallback: "${{ deployer.waitForCallback }}",
      },
    },
  ];
}

export function actionTemplate(
  plan: ActionPlan,
  target: ServiceTarget,
  approval: ApprovalRule,
  options: { pollIntervalMs: number },
): Record<string, unknown> {
  const deployer = target.deployer;
  if (deployer.kind === "none") throw new Error(deployer.reason);
  const definition = BUILT_IN_ACTIONS[plan.action];
  const parsed = templateSchema.parse({
    apiVersion: "scaffolder.backstage.io/v1beta3",
    kind: "Template",
    metadata: { name: plan.action, title: definition.title, description: definition.description },
    spec: {
      type: "environment",
      steps: [
        {
          id: "record",
          name: "Record the deployment",
          action: "portolan:deployment",
          input: {
            service: "${{ entity.ref }}",
            environment: "${{ environment.name }}",
            version: "${{ release.version }}",
            repo: "${{ entity.repository }}",
          },
        },
        ...deploySteps(deployer),
      ],
      guardrails: { approval },
    },
  });
  const env = target.environments.find((e) => e.name === plan.environment);
  return {
    ...parsed,
    spec: {
      ...parsed.spec,
      type: "action",
      target: {
        entity: {
          ref: target.ref,
          name: target.name,
          title: target.title,
          owner: target.ownerRef,
          repository: target.repository,
        },
        environment: { name: plan.environment, url: env?.url ?? null, liveVersion: plan.current },
        release: { version: plan.version, from: plan.from, previous: plan.current },
        deployer: { ...deployer, pollIntervalMs: options.pollIntervalMs },
      },
    },
  };
}
