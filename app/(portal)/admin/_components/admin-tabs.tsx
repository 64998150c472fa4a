"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { href: "/admin/users", label: "Users" },
  { href: "/admin/tokens", label: "API tokens" },
  { href: "/admin/templates", label: "Templates" },
  { href: "/admin/freezes", label: "Freezes" },
  { href: "/admin/notifications", label: "Notifications" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/incidents", label: "Incidents" },
  { href: "/admin/github", label: "GitHub" },
  { href: "/admin/system", label: "System" },
];

export function AdminTabs() {
  const pathname = usePathname() ?? "";
  return (
    <nav aria-label="Admin" className="mb-6 flex gap-1 border-b border-slate-200 dark:border-slate-800">
      {TABS.map((tab) => {
        const active = pathname.startsWith(tab.href);
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-500 ${
              active
                ? "border-brand-600 text-brand-700 dark:border-brand-100 dark:text-brand-100"
                : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"
            }`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
