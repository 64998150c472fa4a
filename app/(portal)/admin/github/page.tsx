import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/page-auth";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { readGithubConfig } from "@/lib/github/config";
import { describeGithubConfig, listSyncRuns } from "@/lib/github/queries";
import { getDb } from "@/lib/server/database";
import { SyncPanel } from "./_components/sync-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "GitHub" };

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="break-all">{children}</dd>
    </div>
  );
}

export default async function GithubAdminPage() {
  await requireActor("admin:github");
  const config = describeGithubConfig(readGithubConfig());
  const runs = await listSyncRuns(await getDb(), 20);
  return (
    <>
      <PageHeader
        title="GitHub"
        description="Repositories, descriptors, teams and delivery history flow in from GitHub on a schedule, on demand and by webhook."
      />
      <div className="space-y-6">
        {!config.isConfigured && (
          <Alert tone="warning">
            GitHub sync is off: set GITHUB_ORG and GITHUB_TOKEN (or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY), then
            restart.
          </Alert>
        )}
        <Card title="Configuration" id="github-config">
          <dl className="grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
            <Row label="Organisations">{config.orgs.length ? config.orgs.join(", ") : "none"}</Row>
            <Row label="API">
              <span className="font-mono text-xs">{config.apiUrl}</span>
            </Row>
            <Row label="Authentication">
              {{ token: "personal access token", app: "GitHub App", none: "not configured" }[config.authMode]}
            </Row>
            <Row label="Webhook secret">
              <Badge tone={config.isWebhookSecretSet ? "green" : "amber"}>
                {config.isWebhookSecretSet ? "set" : "not set"}
              </Badge>
            </Row>
            <Row label="Descriptor path">
              <span className="font-mono text-xs">{config.catalogPath}</span>
            </Row>
            <Row label="Archived / forks">{`${config.includeArchived ? "included" : "skipped"} / ${config.includeForks ? "included" : "skipped"}`}</Row>
            <Row label="Schedule">
              every {config.syncInterval} {/^\d+$/.test(config.syncInterval) ? "minutes" : ""}
            </Row>
            <Row label="Webhook URL">
              <span className="font-mono text-xs">/api/webhooks/github</span>
            </Row>
          </dl>
        </Card>
        <SyncPanel initialRuns={runs} canSync={config.isConfigured} />
      </div>
    </>
  );
}
