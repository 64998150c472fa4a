import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/app/_lib/page-auth";
import { pageData } from "@/app/_lib/page-errors";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { MarkAllRead } from "@/components/shell/mark-all-read";
import { listNotifications } from "@/lib/notifications/inbox";
import { getDb } from "@/lib/server/database";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage() {
  const actor = await requireActor();
  const inbox = await pageData(listNotifications(await getDb(), actor, { limit: 100 }));
  return (
    <div className="space-y-6">
      <PageHeader
        title="Inbox"
        description="Approvals waiting for you, how your runs ended, environments about to expire — newest first."
        actions={
          <>
            {inbox.unread > 0 && <MarkAllRead />}
            <Link href="/inbox/settings" className={buttonClass("secondary")}>
              Settings
            </Link>
          </>
        }
      />
      <Card title={`${inbox.unread} unread`} id="inbox-heading">
        {inbox.items.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">Nothing yet.</p>
        ) : (
          <ul aria-label="Notifications" className="divide-y divide-slate-200 dark:divide-slate-800">
            {inbox.items.map((n) => (
              <li key={n.id} aria-label={n.title} className="flex flex-wrap items-baseline gap-x-3 py-2 text-sm">
                {!n.read && <span className="sr-only">Unread: </span>}
                <Link
                  href={n.link ?? "/inbox"}
                  className={`hover:underline ${n.read ? "text-slate-700 dark:text-slate-300" : "font-semibold text-slate-900 dark:text-slate-100"}`}
                >
                  {n.title}
                </Link>
                {n.body && <span className="text-slate-600 dark:text-slate-400">{n.body}</span>}
                <span className="text-xs text-slate-500 dark:text-slate-400">
                  <RelativeTime value={n.createdAt} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
