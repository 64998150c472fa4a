import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/page-auth";
import { API_SCOPES, ROLES, type ApiScope } from "@/db/schema";
import { scopesForRole } from "@/lib/access/permissions";
import { TOKEN_EXPIRY_DAYS } from "@/lib/auth/schemas";
import { listApiTokens } from "@/lib/auth/tokens";
import { getDb } from "@/lib/server/database";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { DataTable, Td } from "@/components/ui/table";
import { CreateTokenForm } from "./_components/create-token-form";
import { RevokeTokenButton } from "./_components/revoke-token-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API tokens" };

const SCOPE_TEXT: Record<ApiScope, string> = {
  "catalog:read": "read the catalog, deployments, environments and runs",
  "catalog:write": "import descriptors into the catalog",
  "deployments:write": "report deployments",
  "incidents:write": "report incidents (Alertmanager, the incidents API)",
  "runs:write": "start, cancel, retry and approve self-service runs; extend and destroy environments",
  admin: "everything, including users, tokens, the audit log, GitHub and metrics",
};

export default async function TokensPage() {
  const actor = await requireActor("admin:tokens");
  const tokens = await listApiTokens(await getDb(), actor);
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let CI jobs and scripts call /api/v1 (for example to import descriptors). Each acts with the role you give it, limited to its scopes, until it expires."
      />
      <div className="space-y-6">
        <Card title="Create a token" id="create-token">
          <CreateTokenForm
            roles={ROLES}
            scopes={API_SCOPES.map((id) => ({ id, description: SCOPE_TEXT[id] }))}
            scopesByRole={Object.fromEntries(ROLES.map((role) => [role, scopesForRole(role)]))}
            expiries={TOKEN_EXPIRY_DAYS}
          />
        </Card>
        <DataTable
          caption="API tokens"
          columns={["Name", "Prefix", "Role", "Scopes", "Created", "Expires", "Last used", "Status"]}
          items={tokens}
          empty="No tokens yet."
          row={(t) => {
            const expired = t.isExpired;
            return (
              <tr key={t.id} className={t.revokedAt || expired ? "text-slate-500 dark:text-slate-400" : undefined}>
                <Td className="font-medium">{t.name}</Td>
                <Td className="font-mono text-xs">{t.prefix}…</Td>
                <Td>
                  <Badge tone={t.role === "admin" ? "violet" : "neutral"}>{t.role}</Badge>
                </Td>
                <Td>
                  <ul aria-label={`Scopes of ${t.name}`} className="flex flex-wrap gap-1">
                    {t.scopes.map((scope) => (
                      <li key={scope}>
                        <Badge tone={scope === "admin" ? "violet" : "brand"} title={SCOPE_TEXT[scope]}>
                          {scope}
                        </Badge>
                      </li>
                    ))}
                  </ul>
                </Td>
                <Td className="whitespace-nowrap">
                  <RelativeTime value={t.createdAt} />
                </Td>
                <Td className="whitespace-nowrap">{t.expiresAt ? <RelativeTime value={t.expiresAt} /> : "never"}</Td>
                <Td className="whitespace-nowrap">{t.lastUsedAt ? <RelativeTime value={t.lastUsedAt} /> : "never"}</Td>
                <Td>
                  {t.revokedAt ? (
                    <span>
                      revoked <RelativeTime value={t.revokedAt} />
                    </span>
                  ) : (
                    <div className="flex flex-wrap items-center gap-2">
                      {expired && <Badge tone="amber">expired</Badge>}
                      <RevokeTokenButton id={t.id} name={t.name} />
                    </div>
                  )}
                </Td>
              </tr>
            );
          }}
        />
      </div>
    </>
  );
}
