import type { FakeOrg, FakeRepo } from "./fake-payloads";

const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 12, minute)).toISOString();

/**
 * "Lighthouse Labs": teams with a parent, a repo with a descriptor (and Location targets, one a glob), one
 * owned through CODEOWNERS, one through its admin team, an archived repo and a fork.
 */
export function fixtureOrg(): FakeOrg {
  const repos: FakeRepo[] = [
    {
      id: 101,
      name: "beacon-api",
      description: "Beacon HTTP API",
      language: "TypeScript",
      topics: ["api", "beacons"],
      pushedAt: at(1),
      files: {
        "catalog-info.yaml": [
          "apiVersion: backstage.io/v1alpha1",
          "kind: Component",
          "metadata:",
          "  name: beacon-api",
          "  description: Serves beacon positions",
          "spec:",
          "  type: service",
          "  lifecycle: production",
          "  owner: signals",
          "---",
          "apiVersion: backstage.io/v1alpha1",
          "kind: Location",
          "metadata:",
          "  name: beacon-api-extra",
          "spec:",
          "  targets: [./docs/api.yaml, ./services/*/catalog-info.yaml]",
          "",
        ].join("\n"),
        "services/beacon-relay/catalog-info.yaml":
          "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: beacon-relay\nspec:\n  type: service\n  lifecycle: production\n  owner: signals\n",
        "services/beacon-store/catalog-info.yaml":
          "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: beacon-store\nspec:\n  type: service\n  lifecycle: experimental\n  owner: signals\n",
        // Not matched by the glob (another name, and one level too deep).
        "services/beacon-store/README.md": "# Beacon store\n",
        "services/beacon-store/old/catalog-info.yaml":
          "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: beacon-store-old\nspec:\n  type: service\n  lifecycle: deprecated\n  owner: signals\n",
        "docs/api.yaml": [
          "apiVersion: backstage.io/v1alpha1",
          "kind: API",
          "metadata:",
          "  name: beacon-http",
          "spec:",
          "  type: openapi",
          "  lifecycle: production",
          "  owner: signals",
          "  definition: 'openapi: 3.0.0'",
          "",
        ].join("\n"),
      },
      deployments: [
        {
          id: 9001,
          environment: "production",
          ref: "v1.2.0",
          sha: "a1b2c3d",
          createdAt: at(10),
          statuses: [
            { id: 9101, state: "in_progress", createdAt: at(10) },
            { id: 9102, state: "success", environmentUrl: "https://beacon.example.com", createdAt: at(12) },
          ],
        },
      ],
      releases: [{ id: 7001, tagName: "v1.2.0", name: "1.2.0", body: "## Changes\n- faster", createdAt: at(9) }],
      runs: [
        {
          id: 5001,
          name: "CI",
          status: "completed",
          conclusion: "success",
          headBranch: "main",
          headSha: "a1b2c3d",
          runNumber: 42,
          createdAt: at(8),
        },
      ],
    },
    {
      id: 102,
      name: "tide-worker",
      description: "Processes tide tables",
      language: "Go",
      topics: ["batch"],
      pushedAt: at(2),
      files: {
        ".github/CODEOWNERS": "# owners\n* @lighthouse-labs/harbour @someone\n/docs/ @lighthouse-labs/signals\n",
      },
    },
    {
      id: 103,
      name: "fog-horn",
      description: null,
      language: "Rust",
      pushedAt: at(3),
      files: {},
      teams: { signals: "push", harbour: "maintain" },
    },
    { id: 104, name: "old-lamp", description: "Retired", archived: true, pushedAt: at(4), files: {} },
    { id: 105, name: "forked-lens", description: "A fork", fork: true, pushedAt: at(5), files: {} },
  ];
  return {
    login: "lighthouse-labs",
    id: 4242,
    teams: [
      { id: 1, slug: "platform", name: "Platform", members: ["ada"] },
      { id: 2, slug: "signals", name: "Signals", parent: "platform", members: ["ada", "grace"] },
      { id: 3, slug: "harbour", name: "Harbour", parent: "platform", members: ["linus"] },
    ],
    repos,
  };
}

/** A synthetic organisation of `count` repositories for the benchmark. */
export function syntheticOrg(count: number): FakeOrg {
  const teams = Array.from({ length: 20 }, (_, i) => ({
    id: i + 1,
    slug: `team-${i}`,
    name: `Team ${i}`,
    members: [`dev-${i}-a`, `dev-${i}-b`],
  }));
  const repos: FakeRepo[] = Array.from({ length: count }, (_, i) => {
    const name = `svc-${String(i).padStart(4, "0")}`;
    const team = `team-${i % 20}`;
    const files: Record<string, string> =
      i % 3 === 0
        ? {
            "catalog-info.yaml": `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  lifecycle: production\n  owner: ${team}\n`,
          }
        : i % 3 === 1
          ? { ".github/CODEOWNERS": `* @synthetic/${team}\n` }
          : {};
    return {
      id: 10_000 + i,
      name,
      description: `Synthetic service ${i}`,
      language: "TypeScript",
      topics: ["synthetic"],
      pushedAt: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
      files,
      teams: { [team]: "admin" },
      releases: [{ id: 100_000 + i, tagName: "v1.0.0", createdAt: "2025-01-01T00:00:00Z" }],
    };
  });
  return { login: "synthetic", id: 1, teams, repos };
}
