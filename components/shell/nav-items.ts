export type NavItem = { href: string; label: string };

const ITEMS: NavItem[] = [
  { href: "/catalog", label: "Catalog" },
  { href: "/teams", label: "Teams" },
  { href: "/deployments", label: "Deployments" },
  { href: "/environments", label: "Environments" },
  { href: "/incidents", label: "Incidents" },
  { href: "/scorecards", label: "Scorecards" },
  { href: "/initiatives", label: "Initiatives" },
  { href: "/self-service", label: "Self-service" },
  { href: "/my-environments", label: "My environments" },
];

/** The primary navigation; Admin only for people who may administer users. */
export function navItems(isAdmin: boolean): NavItem[] {
  return isAdmin ? [...ITEMS, { href: "/admin", label: "Admin" }] : ITEMS;
}

export function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}
