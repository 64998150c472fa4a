import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/page-auth";
import { ROLES } from "@/db/schema";
import { listApiTokens } from "@/lib/auth/tokens";
import { getDb } from "@/lib/runtime/database";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th } from "@/components/ui/table";
import { CreateTokenForm } from "./_components/create-token-form";
import { RevokeTokenButton } from "./_components/revoke-token-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const actor = await requireActor("admin:tokens");
  const tokens = await listApiTokens(await getDb(), actor);
  return (
    <>
      <PageHeader title="API tokens" description="Tokens let CI jobs and scripts call /api/v1 (for example to import descriptors). Each acts with the role you give it." />
      <div className="space-y-6">
        <Card title="Create a token" id="create-token">
          <CreateTokenForm roles={ROLES} />
        </Card>
        {tokens.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No tokens yet.</p>
        ) : (
          <Table caption="API tokens">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Prefix</Th>
                <Th>Role</Th>
                <Th>Created</Th>
                <Th>Last used</Th>
                <Th>Status</Th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id} className={t.revokedAt ? "text-slate-500 dark:text-slate-400" : undefined}>
                  <Td className="font-medium">{t.name}</Td>
                  <Td className="font-mono text-xs">{t.prefix}…</Td>
                  <Td>
                    <Badge tone={t.role === "admin" ? "violet" : "neutral"}>{t.role}</Badge>
                  </Td>
                  <Td className="whitespace-nowrap">
                    <RelativeTime value={t.createdAt} />
                  </Td>
                  <Td className="whitespace-nowrap">{t.lastUsedAt ? <RelativeTime value={t.lastUsedAt} /> : "never"}</Td>
                  <Td>
                    {t.revokedAt ? (
                      <span>
                        revoked <RelativeTime value={t.revokedAt} />
                      </span>
                    ) : (
                      <RevokeTokenButton id={t.id} name={t.name} />
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </div>
    </>
  );
}
