// Who may start an initiative: an admin over any services; a team lead over their own teams'
// services only. A lead is named on the team's Group (annotation portolan.dev/leads) in a trusted
// location — a developer cannot import a Group that makes them the lead of anything.
import { sql } from "drizzle-orm";
import { queryRows, sqlList, type DbOrTx } from "@/db/client";
import { assertCan, can, type Actor } from "@/lib/access/permissions";
import { TEAM_LEADS_ANNOTATION, trustedTeamsLedBy } from "@/lib/catalog/trusted-data";
import { AppError } from "@/lib/errors";
import type { InitiativeSelection } from "@/db/schema";

const refused = (message: string, field: string) => new AppError("forbidden:initiative", message, [{ field, message }]);

/** The teams `actor` leads (empty for tokens and the system: only people lead teams). */
export async function teamsLedBy(db: DbOrTx, actor: Actor): Promise<string[]> {
  return actor.kind === "user" ? trustedTeamsLedBy(db, actor.login) : [];
}

/**
 * Throws 403 unless `actor` may start an initiative owned by `owner` over `selection`: admins
 * always; a team lead when the owner and every selected team are teams they lead, and every
 * service named one by one is owned by one of those teams.
 */
export async function assertMayStartInitiative(
  db: DbOrTx,
  actor: Actor,
  input: { owner: string; selection: InitiativeSelection },
): Promise<void> {
  if (can(actor, "initiatives:manage")) return;
  assertCan(actor, "initiatives:start");
  const led = await teamsLedBy(db, actor);
  if (!led.length)
    throw refused(
      `Only admins and team leads start initiatives; a team lead is named in the team's Group (metadata.annotations["${TEAM_LEADS_ANNOTATION}"]) by an admin-managed location.`,
      "owner",
    );
  const ledList = led.join(", ");
  if (!led.includes(input.owner))
    throw refused(
      `As a team lead you may start initiatives owned by your teams (${ledList}), not ${input.owner}.`,
      "owner",
    );
  const owners = input.selection.owners ?? [];
  if (!owners.length)
    throw refused(
      `Choose your teams' services: services.owners must name teams you lead (${ledList}).`,
      "services.owners",
    );
  const others = owners.filter((o) => !led.includes(o));
  if (others.length) throw refused(`You lead ${ledList}; ${others.join(", ")} is not your team.`, "services.owners");
  const refs = input.selection.refs ?? [];
  if (refs.length) {
    const rows = await queryRows<{ ref: string; owner_ref: string | null }>(
      db,
      sql`select ref, owner_ref from entities where ref in (${sqlList(refs)})`,
    );
    const owned = new Set(rows.filter((r) => r.owner_ref && led.includes(r.owner_ref)).map((r) => r.ref));
    const notOurs = refs.filter((r) => !owned.has(r));
    if (notOurs.length)
      throw refused(`Not owned by a team you lead: ${notOurs.slice(0, 10).join(", ")}.`, "services.refs");
  }
}
