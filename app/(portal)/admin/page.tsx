import { redirect } from "next/navigation";
import { requireActor } from "@/app/_lib/page-auth";

export const dynamic = "force-dynamic";

export default async function AdminPage() {
  await requireActor("admin:users");
  redirect("/admin/users");
}
