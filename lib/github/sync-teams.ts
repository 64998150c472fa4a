import type { Octokit } from "octokit";
import { retryTransactionConflicts, type DbOrTx } from "@/db/client";
import { importEntities, type ImportResult } from "@/lib/catalog/import-entities";
import { GITHUB_SYNC_WRITER } from "@/lib/catalog/location-rules";
import { githubUser, teamGroup, toDocument } from "./entity-documents";
import type { GithubTeam, GithubUser } from "./types";

export const teamsLocationId = (org: string) => `github:${org}/teams`;

/**
 * The organisation's teams as Groups (named by slug, with their parent) and their members as
 * Users (named by login), replacing what the teams location held.
 */
export async function syncTeams(db: DbOrTx, octokit: Octokit, org: string): Promise<ImportResult> {
  const teams = (await octokit.paginate("GET /orgs/{org}/teams", { org, per_page: 100 })) as GithubTeam[];
  const users = new Map<string, GithubUser>();
  const entities = [];
  for (const team of teams) {
    const members = (await octokit
      .paginate("GET /orgs/{org}/teams/{team_slug}/members", { org, team_slug: team.slug, per_page: 100 })
      // A secret team may be invisible to the token: keep the team, without members.
      .catch((error: { status?: number }) => {
        if (error.status === 404 || error.status === 403) return [];
        throw error;
      })) as GithubUser[];
    for (const member of members) users.set(member.login.toLowerCase(), member);
    entities.push(teamGroup(team, members, org));
  }
  entities.push(...[...users.values()].map(githubUser));
  const documents = entities.map((entity, index) => toDocument(index, entity));
  // A transaction Postgres undoes as a deadlock with another writer runs again from the start.
  return retryTransactionConflicts(() =>
    db.transaction((tx) =>
      importEntities(
        tx,
        {
          id: teamsLocationId(org),
          type: "github-org",
          target: `${octokit.request.endpoint.DEFAULTS.baseUrl}/orgs/${org}`,
        },
        documents,
        GITHUB_SYNC_WRITER,
      ),
    ),
  );
}
