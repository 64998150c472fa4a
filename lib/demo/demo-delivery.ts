// Demo delivery history for the demo organisation: releases with markdown notes (one carries a
// <script> that must never run), deployments to staging and production, cached comparisons and
// health URLs on the portal itself. Deterministic: the same shape every time, dated back from today.
import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { releaseComparisons, type ComparedCommit } from "@/db/schema";
import type { Actor } from "@/lib/access/permissions";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { upsertRelease } from "@/lib/github/store-delivery";

const ACTOR: Actor = { kind: "system", name: "seed", role: "admin" };
const DAY = 86_400_000;
const sha = (text: string) => createHash("sha1").update(text).digest("hex");

type DemoRelease = { tag: string; daysAgo: number; notes: string; commits: [string, string][] };

const PAYMENT_RELEASES: DemoRelease[] = [
  {
    tag: "v1.2.0",
    daysAgo: 62,
    notes: "## Features\n- Apple Pay for web checkout\n- Idempotency keys on `POST /payments`",
    commits: [
      ["Add Apple Pay session endpoint", "mara"],
      ["Idempotency keys for payment creation", "tomas"],
    ],
  },
  {
    tag: "v1.3.0",
    daysAgo: 40,
    notes: "## Features\n- 3-D Secure 2 challenge flow\n\n## Fixes\n- Currency rounding for JPY",
    commits: [
      ["3DS2 challenge flow", "mara"],
      ["Round JPY amounts to whole units", "li"],
      ["Bump stripe-go to v76", "dependabot"],
    ],
  },
  {
    tag: "v1.4.0",
    daysAgo: 18,
    notes:
      "## Features\n- Partial refunds\n- Webhook retries with backoff\n\n| Endpoint | Change |\n|---|---|\n| `POST /refunds` | accepts `amount` |\n| `GET /payments/{id}` | returns `refunds[]` |\n\n- [x] Migration applied\n- [x] Runbook updated",
    commits: [
      ["Partial refunds", "tomas"],
      ["Retry webhooks with exponential backoff", "li"],
      ["Document refund amounts in OpenAPI", "mara"],
    ],
  },
  {
    tag: "v1.5.0",
    daysAgo: 3,
    notes:
      '## Features\n- **Payouts API** for suppliers ([docs](https://docs.acme-travel.example/payouts))\n\n## Security\n- Sanitise merchant descriptors <script>alert("release-notes-xss")</script>\n\n<img src=x onerror="alert(1)">\n\n> Rolled out behind the `payouts` flag.',
    commits: [
      ["Payouts API", "tomas"],
      ["Strip control characters from merchant descriptors", "li"],
      ["Payouts feature flag", "mara"],
      ["Fix flaky refund test", "tomas"],
    ],
  },
];

type DemoDeployment = {
  service: string;
  env: string;
  tag: string;
  daysAgo: number;
  status: "success" | "failure";
  by: string;
};

function deploymentsFor(service: string, releases: DemoRelease[]): DemoDeployment[] {
  const out: DemoDeployment[] = [];
  releases.forEach((r, i) => {
    const isLatest = i === releases.length - 1;
    out.push({ service, env: "staging", tag: r.tag, daysAgo: r.daysAgo - 0.1, status: "success", by: "ci-bot" });
    if (isLatest) return; // the newest release is still in staging
    if (i === 1)
      out.push({ service, env: "production", tag: r.tag, daysAgo: r.daysAgo - 1, status: "failure", by: "mara" });
    out.push({ service, env: "production", tag: r.tag, daysAgo: r.daysAgo - 1.2, status: "success", by: "mara" });
  });
  return out;
}

function releasesFor(prefix: string, major: number): DemoRelease[] {
  return [30, 12, 2].map((daysAgo, i) => ({
    tag: `v${major}.${i}.0`,
    daysAgo,
    notes: `## Changes\n- ${prefix} improvements, round ${i + 1}\n- Dependency updates`,
    commits: [
      [`${prefix}: round ${i + 1}`, "sam"],
      [`Bump dependencies (${i + 1})`, "dependabot"],
    ],
  }));
}

export async function seedDemoDelivery(
  db: Db,
  options: { now?: Date; port?: string } = {},
): Promise<{ releases: number; deployments: number }> {
  const today = new Date(options.now ?? new Date());
  today.setUTCHours(0, 0, 0, 0);
  const ago = (days: number) => new Date(today.getTime() - days * DAY);
  const selfHealth = `http://localhost:${options.port ?? process.env.PORT ?? 3000}/api/health`;
  const services: { name: string; repo: string; releases: DemoRelease[] }[] = [
    { name: "payment-gateway", repo: "acme-travel/payment-gateway", releases: PAYMENT_RELEASES },
    { name: "booking-service", repo: "acme-travel/booking-service", releases: releasesFor("Booking", 3) },
    { name: "checkout-web", repo: "acme-travel/checkout-web", releases: releasesFor("Checkout", 2) },
  ];
  let releases = 0;
  let deployments = 0;
  for (const [s, service] of services.entries()) {
    for (const [i, r] of service.releases.entries()) {
      const id = 9_100_000 + s * 100 + i;
      await upsertRelease(db, service.repo, {
        id,
        tag_name: r.tag,
        name: `${service.name} ${r.tag}`,
        body: r.notes,
        draft: false,
        prerelease: false,
        author: { login: r.commits[0][1] } as never,
        html_url: `https://github.com/${service.repo}/releases/tag/${r.tag}`,
        target_commitish: sha(`${service.repo}@${r.tag}`),
        created_at: ago(r.daysAgo).toISOString(),
        published_at: ago(r.daysAgo).toISOString(),
      });
      releases++;
      const previous = service.releases[i - 1];
      if (previous) {
        const commits: ComparedCommit[] = r.commits.map(([message, author], n) => ({
          sha: sha(`${service.repo}@${r.tag}#${n}`),
          message,
          author,
          authorLogin: author,
          date: ago(r.daysAgo + 1 - n * 0.1).toISOString(),
          htmlUrl: `https://github.com/${service.repo}/commit/${sha(`${service.repo}@${r.tag}#${n}`)}`,
        }));
        await db
          .insert(releaseComparisons)
          .values({
            repo: service.repo,
            base: previous.tag,
            head: r.tag,
            status: "ready",
            aheadBy: commits.length,
            totalCommits: commits.length,
            commits,
            htmlUrl: `https://github.com/${service.repo}/compare/${previous.tag}...${r.tag}`,
            fetchedAt: today,
          })
          .onConflictDoNothing();
      }
    }
    for (const [n, d] of deploymentsFor(`component:default/${service.name}`, service.releases).entries()) {
      const release = service.releases.find((r) => r.tag === d.tag)!;
      const started = ago(d.daysAgo);
      const isProduction = d.env === "production";
      await recordDeployment(db, ACTOR, {
        id: `demo-${service.name}-${n}`,
        service: d.service,
        environment: d.env,
        ref: d.tag,
        sha: sha(`${service.repo}@${d.tag}`),
        version: d.tag,
        status: d.status,
        url: `https://${isProduction ? "" : "staging."}${service.name}.acme-travel.example`,
        // The demo's health checks hit the portal itself, except one staging that is never up.
        healthUrl: service.name === "booking-service" && !isProduction ? "http://127.0.0.1:9/health" : selfHealth,
        deployedBy: d.by,
        firstCommitAt: ago(release.daysAgo + 2).toISOString(),
        startedAt: started.toISOString(),
        finishedAt: new Date(started.getTime() + 6 * 60_000).toISOString(),
      });
      deployments++;
    }
  }
  return { releases, deployments };
}
