import { Badge } from "@/components/ui/badge";

export type ShellUser = { name: string; role: string };

export function UserBadge({ user }: { user: ShellUser }) {
  return (
    <span className="flex items-center gap-1.5 text-sm">
      <span className="sr-only">Signed in as</span>
      <span className="font-medium text-slate-800 dark:text-slate-100">{user.name}</span>
      <Badge tone={user.role === "admin" ? "violet" : "neutral"}>{user.role}</Badge>
    </span>
  );
}
