"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { CompassLogo } from "./compass-logo";
import { CommandPalette } from "./command-palette";
import { NotificationBell } from "./notification-bell";
import { isActive, navItems } from "./nav-items";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "./theme-toggle";
import { UserBadge, type ShellUser } from "./user-badge";

const LINK = "rounded-md px-2.5 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-500";
const ACTIVE = "bg-brand-50 text-brand-700 dark:bg-brand-700/25 dark:text-brand-100";
const IDLE =
  "text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white";

/** The app's top bar: logo, primary navigation (a menu on small screens), theme and the signed-in person. */
export function TopBar({ user, isAdmin }: { user: ShellUser; isAdmin: boolean }) {
  const pathname = usePathname() ?? "/";
  const [isOpen, setOpen] = useState(false);
  const items = navItems(isAdmin);

  const links = (layout: string) =>
    items.map((item) => {
      const active = isActive(pathname, item.href);
      return (
        <Link
          key={item.href}
          href={item.href}
          aria-current={active ? "page" : undefined}
          onClick={() => setOpen(false)}
          className={`${LINK} ${active ? ACTIVE : IDLE} ${layout}`}
        >
          {item.label}
        </Link>
      );
    });

  return (
    <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur dark:border-slate-800 dark:bg-slate-950/95">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-1.5 focus:text-sm dark:focus:bg-slate-900"
      >
        Skip to content
      </a>
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-4 px-4">
        <Link
          href="/catalog"
          className="flex items-center gap-2 rounded-md font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-brand-500"
        >
          <CompassLogo />
          <span>Portolan</span>
        </Link>
        <nav aria-label="Primary" className="hidden flex-1 items-center gap-1 md:flex">
          {links("")}
        </nav>
        <div className="ml-auto flex items-center gap-2">
          <CommandPalette pages={items} />
          <NotificationBell />
          <ThemeToggle />
          <div className="hidden items-center gap-2 md:flex">
            <UserBadge user={user} />
            <SignOutButton />
          </div>
          <button
            type="button"
            aria-expanded={isOpen}
            aria-controls="mobile-nav"
            onClick={() => setOpen((open) => !open)}
            className="rounded-md border border-slate-300 px-2.5 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-500 md:hidden dark:border-slate-700"
          >
            Menu
          </button>
        </div>
      </div>
      {isOpen && (
        <div id="mobile-nav" className="border-t border-slate-200 px-4 pb-3 md:hidden dark:border-slate-800">
          <nav aria-label="Primary" className="flex flex-col gap-1 pt-2">
            {links("block")}
          </nav>
          <div className="mt-3 flex items-center justify-between border-t border-slate-200 pt-3 dark:border-slate-800">
            <UserBadge user={user} />
            <SignOutButton />
          </div>
        </div>
      )}
    </header>
  );
}
