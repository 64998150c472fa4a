import type { ReactNode } from "react";
import { requireActor } from "@/app/_lib/page-auth";
import { AdminTabs } from "./_components/admin-tabs";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireActor("admin:users");
  return (
    <>
      <AdminTabs />
      {children}
    </>
  );
}
