import { z } from "zod";
import { defineRoute } from "@/lib/api/contract";
import { idParams } from "@/lib/api/params";
import {
  approvalBody,
  createRunBody,
  eventsQuery,
  extendBody,
  publishTemplateBody,
  templateNameParam,
} from "@/lib/provisioning/schemas";
import {
  branchList,
  commandAnswer,
  publication,
  templateList,
  withdrawal,
  extendedEnvironment,
  runAccepted,
  runEvents,
  runView,
  selfServiceEnvironmentView,
} from "@/lib/provisioning/responses";
import { actionRunAccepted } from "@/lib/release-actions/responses";
import { ENVIRONMENT_STATUSES, RUN_STATUSES } from "@/db/schema";

/** POST /api/v1/runs: a template's run, or a built-in release action's (lib/release-actions). */
const runCreated = z.union([runAccepted, actionRunAccepted]);

const runStatus = commandAnswer(z.enum(RUN_STATUSES));
/** Where a run now stands after a command on it. */
const runCommand = (description: string) => ({ description, schema: runStatus });

const runId = idParams("run");
const environmentId = idParams("environment");
/** Commands whose body is optional: `{}` or nothing. */
const noBody = { kind: "json", schema: z.object({}).strict().optional() } as const;

export const selfServiceRoutes = {
  listTemplates: defineRoute({
    method: "GET",
    path: "/api/v1/templates",
    summary: "The environment templates the caller may use, with their parameter schemas.",
    auth: { permission: "catalog:read" },
    responses: { 200: { description: "Usable, waiting and broken templates.", schema: templateList } },
  }),
  publishTemplate: defineRoute({
    method: "POST",
    path: "/api/v1/templates/{name}/publish",
    summary:
      "Make a catalog template runnable in exactly its current version (the hash of the version reviewed, if given, must still match).",
    auth: { permission: "admin:templates" },
    params: z.object({ name: templateNameParam }),
    body: { kind: "json", schema: publishTemplateBody.default({}) },
    responses: { 200: { description: "Published: this version runs from now on.", schema: publication } },
    errors: [404, 409],
  }),
  withdrawTemplate: defineRoute({
    method: "POST",
    path: "/api/v1/templates/{name}/withdraw",
    summary: "Take a catalog template's published version back; it stops being offered.",
    auth: { permission: "admin:templates" },
    params: z.object({ name: templateNameParam }),
    body: noBody,
    responses: { 200: { description: "Withdrawn: the version that was published.", schema: withdrawal } },
    errors: [404, 409],
  }),
  serviceBranches: defineRoute({
    method: "GET",
    path: "/api/v1/services/branches",
    summary: "The branches of a service's repository, for the template form.",
    auth: { permission: "selfservice:use" },
    query: z.object({ service: z.string().trim().min(1, "name a service (its entity ref)").max(300) }),
    responses: { 200: { description: "The branches, or why there is no list.", schema: branchList } },
    errors: [404],
  }),
  createRun: defineRoute({
    method: "POST",
    path: "/api/v1/runs",
    summary:
      "Request an environment from a template, or run an action on `entity` (and `environment`): promote, rollback, redeploy, restart (a container preview) or an action template.",
    auth: { permission: "selfservice:use" },
    body: { kind: "json", schema: createRunBody },
    responses: {
      202: { description: "Queued (or awaiting approval); `Location` is the run.", schema: runCreated },
    },
    errors: [403, 404, 409, 422],
  }),
  getRun: defineRoute({
    method: "GET",
    path: "/api/v1/runs/{id}",
    summary: "A run: status, steps, outputs and its environment.",
    auth: { permission: "catalog:read" },
    params: runId,
    responses: { 200: { description: "The run.", schema: runView } },
    errors: [404],
  }),
  runEvents: defineRoute({
    method: "GET",
    path: "/api/v1/runs/{id}/events",
    summary: "A run's log, oldest first.",
    auth: { permission: "catalog:read" },
    params: runId,
    query: eventsQuery,
    responses: { 200: { description: "Log lines after `after`, at most 1000.", schema: runEvents } },
    errors: [404],
  }),
  cancelRun: defineRoute({
    method: "POST",
    path: "/api/v1/runs/{id}/cancel",
    summary: "Stop a run; what it started is rolled back.",
    auth: { permission: "selfservice:use" },
    params: runId,
    body: noBody,
    responses: { 202: runCommand("Cancelling: the worker holding the run rolls it back.") },
    errors: [404, 409],
  }),
  retryRun: defineRoute({
    method: "POST",
    path: "/api/v1/runs/{id}/retry",
    summary: "Run a failed run again from its failed step.",
    auth: { permission: "selfservice:use" },
    params: runId,
    body: noBody,
    responses: { 202: runCommand("Queued again.") },
    errors: [404, 409],
  }),
  approveRun: defineRoute({
    method: "POST",
    path: "/api/v1/runs/{id}/approve",
    summary: "Approve a run waiting for approval (the template's approvers; never the requester).",
    auth: { permission: "runs:decide" },
    params: runId,
    body: { kind: "json", schema: approvalBody.default({}) },
    responses: { 200: runCommand("Decided: the run's status now.") },
    errors: [404, 409],
  }),
  rejectRun: defineRoute({
    method: "POST",
    path: "/api/v1/runs/{id}/reject",
    summary: "Reject a run waiting for approval.",
    auth: { permission: "runs:decide" },
    params: runId,
    body: { kind: "json", schema: approvalBody.default({}) },
    responses: { 200: runCommand("Decided: the run's status now.") },
    errors: [404, 409],
  }),
  runCallback: defineRoute({
    method: "POST",
    path: "/api/v1/runs/{id}/callback",
    summary: "An external provisioning API reports back to an http:request step.",
    auth: { public: "the run's one-time callback token (Authorization: Bearer or X-Portolan-Callback-Token)" },
    params: runId,
    body: { kind: "json", schema: z.unknown().default({}) },
    responses: {
      202: { description: "Received.", schema: z.object({ id: z.uuid(), received: z.literal(true) }) },
    },
    errors: [403, 404, 409],
  }),
  getEnvironment: defineRoute({
    method: "GET",
    path: "/api/v1/environments/{id}",
    summary: "A self-service environment: status, URL, expiry, asleep, resource-hours and cost.",
    auth: { permission: "catalog:read" },
    params: environmentId,
    responses: { 200: { description: "The environment.", schema: selfServiceEnvironmentView } },
    errors: [404],
  }),
  sleepEnvironment: defineRoute({
    method: "POST",
    path: "/api/v1/environments/{id}/sleep",
    summary: "Stop an environment and keep its data (its owner or an admin).",
    auth: { permission: "selfservice:use" },
    params: environmentId,
    body: noBody,
    responses: {
      202: { description: "Going to sleep.", schema: commandAnswer(z.enum(ENVIRONMENT_STATUSES)) },
    },
    errors: [404, 409],
  }),
  wakeEnvironment: defineRoute({
    method: "POST",
    path: "/api/v1/environments/{id}/wake",
    summary: "Start an asleep environment again on the same data (its owner or an admin).",
    auth: { permission: "selfservice:use" },
    params: environmentId,
    body: noBody,
    responses: {
      202: { description: "Waking up.", schema: commandAnswer(z.enum(ENVIRONMENT_STATUSES)) },
    },
    errors: [404, 409],
  }),
  destroyEnvironment: defineRoute({
    method: "DELETE",
    path: "/api/v1/environments/{id}",
    summary: "Destroy a self-service environment (its owner or an admin).",
    auth: { permission: "selfservice:use" },
    params: environmentId,
    responses: {
      202: { description: "Being destroyed.", schema: commandAnswer(z.enum(ENVIRONMENT_STATUSES)) },
    },
    errors: [404, 409],
  }),
  extendEnvironment: defineRoute({
    method: "POST",
    path: "/api/v1/environments/{id}/extend",
    summary: "Extend an environment's lifetime, up to the template's maximum.",
    auth: { permission: "selfservice:use" },
    params: environmentId,
    body: { kind: "json", schema: extendBody.default({}) },
    responses: { 200: { description: "The new expiry.", schema: extendedEnvironment } },
    errors: [404, 409],
  }),
};
