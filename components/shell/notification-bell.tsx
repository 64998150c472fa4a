"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

type Inbox = {
  items: { id: number; title: string; body: string; link: string | null; read: boolean; createdAt: string }[];
  unread: number;
};

/** The bell: unread count (polled), the latest notifications, and the way to the inbox. */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const client = useQueryClient();
  const { data } = useQuery({
    queryKey: ["notifications"],
    queryFn: async ({ signal }): Promise<Inbox> => {
      const response = await fetch("/api/v1/notifications?limit=8", { signal });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    },
    refetchInterval: 30_000,
  });
  const unread = data?.unread ?? 0;
  const markAll = async () => {
    await fetch("/api/v1/notifications/read", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ all: true }),
    });
    await client.invalidateQueries({ queryKey: ["notifications"] });
  };
  return (
    <div className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="notification-menu"
        aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
        onClick={() => setOpen((o) => !o)}
        className="relative rounded-md px-2 py-1.5 text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5" fill="currentColor">
          <path d="M10 2a5 5 0 0 0-5 5v2.6L3.3 13a1 1 0 0 0 .9 1.5h11.6a1 1 0 0 0 .9-1.5L15 9.6V7a5 5 0 0 0-5-5Zm0 16a2.5 2.5 0 0 0 2.4-2H7.6A2.5 2.5 0 0 0 10 18Z" />
        </svg>
        {unread > 0 && (
          <span
            data-testid="unread-count"
            className="absolute -right-1 -top-1 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-semibold text-white"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      {open && (
        <div
          id="notification-menu"
          className="absolute right-0 z-40 mt-2 w-80 rounded-md border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-800 dark:bg-slate-900"
        >
          <ul
            aria-label="Latest notifications"
            className="max-h-96 divide-y divide-slate-100 overflow-auto dark:divide-slate-800"
          >
            {(data?.items ?? []).map((n) => (
              <li key={n.id} className="py-2 text-sm">
                <Link
                  href={n.link ?? "/inbox"}
                  onClick={() => setOpen(false)}
                  className={`block hover:underline ${n.read ? "text-slate-600 dark:text-slate-400" : "font-medium text-slate-900 dark:text-slate-100"}`}
                >
                  {n.title}
                </Link>
              </li>
            ))}
            {data && data.items.length === 0 && (
              <li className="py-2 text-sm text-slate-500 dark:text-slate-400">Nothing yet.</li>
            )}
          </ul>
          <div className="mt-2 flex justify-between border-t border-slate-200 pt-2 text-sm dark:border-slate-800">
            <Link
              href="/inbox"
              onClick={() => setOpen(false)}
              className="text-brand-700 hover:underline dark:text-brand-100"
            >
              Open inbox
            </Link>
            {unread > 0 && (
              <button type="button" onClick={markAll} className="text-slate-600 hover:underline dark:text-slate-300">
                Mark all read
              </button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
