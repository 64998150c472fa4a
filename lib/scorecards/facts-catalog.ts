// The facts a scorecard rule may read, by name. Validation refuses any other name (a typo is a
// broken scorecard, not a rule that silently fails); docs/scorecards.md describes each one.
// `<env>` is an environment name (production, staging, …), `<type>` a relation type (dependsOn, …).

export const FACT_PATTERNS: { pattern: string; description: string }[] = [
  { pattern: "entity.<path>", description: "any field of the descriptor as written, e.g. entity.spec.owner" },
  { pattern: "relations.<type>.count", description: "how many relations of that type the entity has" },
  { pattern: "relations.<type>.refs", description: "their target refs" },
  { pattern: "delivery.deploymentsLast30Days", description: "successful production deployments in 30 days" },
  { pattern: "delivery.changeFailureRate30d", description: "failed / finished production deployments, 0..1" },
  { pattern: "delivery.leadTimeHours30d", description: "median hours from first commit to production" },
  { pattern: "delivery.timeToRestoreHours30d", description: "median hours from a failed to the next good deployment" },
  { pattern: "delivery.lastDeployedAt", description: "the newest successful deployment to any environment" },
  { pattern: "delivery.daysSinceLastDeployment", description: "days since then" },
  { pattern: "delivery.environments", description: "names of the environments the service is deployed to" },
  { pattern: "delivery.environment.<env>.deploymentsLast30Days", description: "successful deployments there" },
  { pattern: "delivery.environment.<env>.lastDeployedAt", description: "the newest successful deployment there" },
  { pattern: "delivery.environment.<env>.daysSinceLastDeployment", description: "days since then" },
  { pattern: "health.status", description: "healthy | degraded | down | unknown, of production" },
  { pattern: "health.uptime7d", description: "share of passing probes of production over 7 days, 0..1" },
  { pattern: "health.environment.<env>.status", description: "the health of that environment" },
  { pattern: "health.environment.<env>.uptime7d", description: "its share of passing probes over 7 days" },
  { pattern: "github.repository", description: "owner/name of the service's repository" },
  { pattern: "github.archived", description: "whether the repository is archived" },
  { pattern: "github.defaultBranch", description: "its default branch" },
  { pattern: "github.codeownersTeam", description: "the team CODEOWNERS names for the whole repository" },
  { pattern: "github.hasDescriptor", description: "whether the repository holds a catalog descriptor" },
  { pattern: "github.lastSyncedAt", description: "when the sync last read it" },
  { pattern: "github.hasReadme", description: "not read by the sync yet: always unknown" },
  { pattern: "github.defaultBranchProtected", description: "not read by the sync yet: always unknown" },
];

const SEGMENT = "[A-Za-z0-9_-]+";
const toRegExp = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/\./g, "\\.")
      .replace("<path>", ".+")
      .replace(/<(type|env)>/g, SEGMENT)}$`,
  );
const MATCHERS = FACT_PATTERNS.map((f) => toRegExp(f.pattern));

export function isKnownFact(name: string): boolean {
  return MATCHERS.some((m) => m.test(name));
}

export function describeKnownFacts(): string {
  return "entity.<path>, relations.<type>.count|refs, delivery.*, health.*, github.* (docs/scorecards.md)";
}
