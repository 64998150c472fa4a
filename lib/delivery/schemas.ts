import { z } from "zod";
import { DEPLOYMENT_STATUSES } from "@/db/schema/delivery";

const isoDate = z.iso.datetime({ offset: true, message: "an ISO 8601 date-time, e.g. 2026-05-01T10:42:00Z" });
const httpUrl = z.url({ protocol: /^https?$/, message: "an http(s) URL" }).max(2000);

/** POST /api/v1/deployments: what any CI reports. `id` is the caller's and makes the call idempotent. */
export const deploymentInput = z
  .object({
    id: z.string().trim().min(1).max(200),
    service: z.string().trim().min(1).max(300),
    environment: z
      .string()
      .trim()
      .min(1)
      .max(63)
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, "letters, digits, '.', '_' or '-'"),
    ref: z.string().trim().min(1).max(255).optional(),
    sha: z
      .string()
      .trim()
      .regex(/^[0-9a-f]{7,64}$/i, "a commit sha (7-64 hex characters)")
      .optional(),
    version: z.string().trim().min(1).max(255).optional(),
    status: z.enum(DEPLOYMENT_STATUSES),
    url: httpUrl.optional(),
    healthUrl: httpUrl.optional(),
    logUrl: httpUrl.optional(),
    deployedBy: z.string().trim().min(1).max(200).optional(),
    firstCommitAt: isoDate.optional(),
    startedAt: isoDate.optional(),
    finishedAt: isoDate.optional(),
  })
  .strict()
  .refine((d) => d.ref || d.sha || d.version, { message: "give at least one of ref, sha or version", path: ["ref"] })
  .refine((d) => !d.startedAt || !d.finishedAt || Date.parse(d.finishedAt) >= Date.parse(d.startedAt), {
    message: "finishedAt is before startedAt",
    path: ["finishedAt"],
  });
export type DeploymentInput = z.infer<typeof deploymentInput>;

const limit = z.coerce.number().int().min(1).max(200).default(50);

const cursor = z.string().optional().meta({ description: "The `nextCursor` of the previous page." });
const service = z.string().min(1).meta({ description: "A service: its entity ref, or a component's name." });

export const deploymentsQuery = z.object({
  service: service.optional(),
  environment: z.string().min(1).optional(),
  status: z.enum(DEPLOYMENT_STATUSES).optional(),
  since: isoDate.optional().meta({ description: "Only deployments started at or after this time." }),
  limit,
  cursor,
});
export type DeploymentsQuery = z.infer<typeof deploymentsQuery>;

export const releasesQuery = z.object({ service, limit, cursor });

export const compareInput = z.object({
  service,
  base: z.string().min(1).max(255),
  head: z.string().min(1).max(255),
});

export const SERVICE_DELIVERY_TABS = ["environments", "deployments", "releases", "dora"] as const;
export type ServiceDeliveryTab = (typeof SERVICE_DELIVERY_TABS)[number];

// A page's search parameters are hostile too: anything unknown or too long falls back rather than failing the page.
/** Text from the URL; too long, repeated or holding a NUL (which no query can carry) is left out. */
const shortText = z
  .string()
  .max(255)
  .regex(/^[^\u0000]*$/)
  .optional()
  .catch(undefined);

/** The service page's delivery section: which tab, and that tab's filters, from the URL. */
export const serviceDeliveryParams = z.object({
  tab: z.enum(SERVICE_DELIVERY_TABS).catch("environments").default("environments"),
  env: shortText,
  status: z.enum(DEPLOYMENT_STATUSES).optional().catch(undefined),
  base: shortText,
  head: shortText,
  days: z
    .enum(["30", "90"])
    .transform((d) => (d === "90" ? 90 : 30) as 30 | 90)
    .catch(30)
    .default(30),
  cursor: shortText,
});
export type ServiceDeliveryParams = z.output<typeof serviceDeliveryParams>;

/** The environments page's filters, from the URL: the owning team's and the system's refs (no filter when unreadable). */
export const environmentsPageParams = z.object({ team: shortText, system: shortText });
