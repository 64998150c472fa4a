import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/page-auth";
import { ROLES } from "@/db/schema";
import { listOpenInvitations } from "@/lib/auth/invitations";
import { listUsersForAdmin } from "@/lib/auth/users";
import { getDb } from "@/lib/server/database";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th } from "@/components/ui/table";
import { InviteForm } from "./_components/invite-form";
import { RoleForm } from "./_components/role-form";
import { UserActions, WithdrawInvitationButton } from "./_components/user-actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users" };

const muted = <span className="text-slate-400 dark:text-slate-500">—</span>;

export default async function UsersPage() {
  const actor = await requireActor("admin:users");
  const db = await getDb();
  const [users, invitations] = await Promise.all([listUsersForAdmin(db, actor), listOpenInvitations(db, actor)]);
  return (
    <>
      <PageHeader
        title="Users"
        description="People who may sign in. Viewers read the catalog; developers may also import into it and use self-service; admins manage users, tokens and the audit log."
      />
      <div className="space-y-6">
        <Card title="Invite someone" id="invite">
          <InviteForm roles={ROLES} />
        </Card>
        {invitations.length > 0 && (
          <Table caption="Open invitations">
            <thead>
              <tr>
                <Th>Login</Th>
                <Th>Role</Th>
                <Th>Invited</Th>
                <Th>Expires</Th>
                <Th>Actions</Th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id}>
                  <Td className="font-mono text-xs">{i.login}</Td>
                  <Td>{i.role}</Td>
                  <Td className="whitespace-nowrap">
                    <RelativeTime value={i.createdAt} />
                  </Td>
                  <Td className="whitespace-nowrap">
                    <RelativeTime value={i.expiresAt} />
                  </Td>
                  <Td>
                    <WithdrawInvitationButton id={i.id} login={i.login ?? ""} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <Table caption="Users">
          <thead>
            <tr>
              <Th>Login</Th>
              <Th>Name</Th>
              <Th>Signs in with</Th>
              <Th>Role</Th>
              <Th>Last sign-in</Th>
              <Th>Sessions</Th>
              <Th>Actions</Th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} className={user.disabledAt ? "text-slate-500 dark:text-slate-400" : undefined}>
                <Td className="font-mono text-xs">
                  {user.login}
                  {user.disabledAt && (
                    <div>
                      <Badge tone="red">disabled</Badge>
                    </div>
                  )}
                </Td>
                <Td>{user.name ?? muted}</Td>
                <Td className="whitespace-nowrap text-xs">
                  {[user.hasPassword && "password", user.githubId && "GitHub"].filter(Boolean).join(", ") || muted}
                </Td>
                <Td>
                  <RoleForm userId={user.id} login={user.login} role={user.role} roles={ROLES} />
                </Td>
                <Td className="whitespace-nowrap">
                  {user.lastSignInAt ? <RelativeTime value={user.lastSignInAt} /> : "never"}
                </Td>
                <Td>{user.activeSessions}</Td>
                <Td>
                  <UserActions
                    userId={user.id}
                    login={user.login}
                    isDisabled={user.disabledAt !== null}
                    activeSessions={user.activeSessions}
                  />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
    </>
  );
}
