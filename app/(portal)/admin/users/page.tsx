import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/page-auth";
import { ROLES } from "@/db/schema";
import { listUsers } from "@/lib/auth/users";
import { getDb } from "@/lib/runtime/database";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th } from "@/components/ui/table";
import { RoleForm } from "./_components/role-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  await requireActor("admin:users");
  const users = await listUsers(await getDb());
  return (
    <>
      <PageHeader
        title="Users"
        description="People who have signed in to Portolan. Viewers read the catalog; developers may also import into it; admins manage users, tokens and the audit log."
      />
      <Table caption="Users">
        <thead>
          <tr>
            <Th>Login</Th>
            <Th>Name</Th>
            <Th>Email</Th>
            <Th>Role</Th>
            <Th>Last sign-in</Th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <Td className="font-mono text-xs">{user.login}</Td>
              <Td>{user.name ?? <span className="text-slate-400 dark:text-slate-500">—</span>}</Td>
              <Td>{user.email ?? <span className="text-slate-400 dark:text-slate-500">—</span>}</Td>
              <Td>
                <RoleForm userId={user.id} login={user.login} role={user.role} roles={ROLES} />
              </Td>
              <Td className="whitespace-nowrap">{user.lastSignInAt ? <RelativeTime value={user.lastSignInAt} /> : "never"}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
