import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/page-auth";
import { pageData } from "@/app/_lib/page-errors";
import { NotificationSettings } from "@/components/notifications/notification-settings";
import { PageHeader } from "@/components/ui/page-header";
import { actorLabel } from "@/lib/access/permissions";
import { listChannels } from "@/lib/notifications/channels";
import { getPreferences } from "@/lib/notifications/preferences";
import { getDb } from "@/lib/server/database";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Notification settings" };

export default async function NotificationSettingsPage() {
  const actor = await requireActor();
  const db = await getDb();
  const [matrix, channels] = await Promise.all([
    pageData(getPreferences(db, actor, {})),
    pageData(listChannels(db, actor)),
  ]);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Notification settings"
        description="Which events reach your inbox and your own channels (a Slack-compatible incoming webhook, a signed webhook). Your teams' channels are on each team's Notifications page."
      />
      <NotificationSettings
        initialMatrix={matrix}
        initialChannels={channels.filter((c) => c.owner === actorLabel(actor))}
      />
    </div>
  );
}
