// What the delivery routes answer, as zod schemas: the OpenAPI document is generated from them and
// route handlers are type-checked against them (lib/api/contract.ts). Dates are ISO strings here.
import { z } from "zod";
import { DEPLOYMENT_STATUSES } from "@/db/schema";
import { healthView } from "@/lib/health/responses";

const timestamp = z.iso.datetime({ offset: true });
const nextCursor = z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last." });

export const deploymentView = z
  .object({
    id: z.number().int(),
    source: z.enum(["api", "github"]),
    externalId: z.string().meta({ description: "The reporter's id (API) or GitHub's deployment id." }),
    service: z.string().meta({ example: "component:default/payment-gateway" }),
    environment: z.string(),
    ref: z.string().nullable(),
    sha: z.string().nullable(),
    version: z.string().nullable(),
    status: z.enum(DEPLOYMENT_STATUSES),
    url: z.string().nullable(),
    logUrl: z.string().nullable(),
    deployedBy: z.string().nullable(),
    startedAt: timestamp,
    finishedAt: timestamp.nullable(),
  })
  .meta({ id: "Deployment" });

export const deploymentPage = z.object({ items: z.array(deploymentView), nextCursor });

export const releaseView = z
  .object({
    id: z.number().int(),
    tagName: z.string(),
    name: z.string().nullable(),
    notes: z.string().nullable(),
    author: z.string().nullable(),
    htmlUrl: z.string().nullable(),
    isPrerelease: z.boolean(),
    publishedAt: timestamp,
    liveIn: z.array(z.string()).meta({ description: "Environments where this release is the live version." }),
  })
  .meta({ id: "Release" });

export const releasePage = z.object({
  items: z.array(releaseView),
  nextCursor,
});

export const comparisonState = z.object({
  status: z.enum(["pending", "ready", "failed"]),
  error: z.string().nullable().meta({ description: "Why it failed." }),
});

export const serviceEnvironmentView = z
  .object({
    service: z.string(),
    serviceTitle: z.string().nullable(),
    name: z.string().meta({ example: "production" }),
    url: z.string().nullable(),
    healthUrl: z.string().nullable(),
    live: z
      .object({
        ref: z.string().nullable(),
        sha: z.string().nullable(),
        version: z.string().nullable(),
        tag: z.string().nullable().meta({ description: "The release tag the live version matches." }),
        deployedAt: timestamp,
        deployedBy: z.string().nullable(),
      })
      .nullable()
      .meta({ description: "The newest successful deployment." }),
    latest: z.object({ status: z.string(), startedAt: timestamp }).nullable(),
    health: healthView,
    lastProbedAt: timestamp.nullable(),
  })
  .meta({ id: "ServiceEnvironment" });

/** A preview in the matrix: part of the self-service environment. */
export const matrixPreview = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  url: z.string().nullable(),
  owner: z.string(),
  branch: z.string().nullable(),
  expiresAt: timestamp,
  runId: z.string(),
  health: healthView.nullable(),
});

export const environmentsMatrixView = z.object({
  services: z.array(z.object({ ref: z.string(), title: z.string().nullable() })),
  environments: z.array(z.string()),
  cells: z.array(serviceEnvironmentView),
  total: z.number().int().meta({ description: "Services matching the filter, over all pages." }),
  previews: z.record(z.string(), z.array(matrixPreview)).meta({ description: "Live previews by service ref." }),
});
