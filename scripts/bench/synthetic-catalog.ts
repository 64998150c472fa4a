// A synthetic organisation for benchmarks: deterministic, shaped like a real catalog.

const WORDS = [
  "payment",
  "booking",
  "search",
  "ledger",
  "inventory",
  "pricing",
  "identity",
  "profile",
  "catalog",
  "checkout",
  "fraud",
  "refund",
  "notify",
  "report",
  "export",
  "import",
  "gateway",
  "router",
  "scheduler",
  "billing",
  "invoice",
  "tax",
  "shipping",
  "review",
  "rating",
  "media",
  "upload",
  "session",
  "audit",
  "metrics",
];
const SUFFIXES = ["service", "worker", "api", "web", "indexer", "sync", "adapter", "store", "engine", "bff"];
const TAGS = [
  "java",
  "go",
  "python",
  "typescript",
  "kotlin",
  "rust",
  "grpc",
  "kafka",
  "postgres",
  "redis",
  "react",
  "pci",
  "gdpr",
  "tier-1",
  "tier-2",
];
const LIFECYCLES = ["production", "production", "production", "experimental", "deprecated"];

function pick<T>(items: T[], i: number): T {
  return items[i % items.length];
}

/** Descriptor files for `total` entities, `perFile` documents each, with owners, systems, deps and APIs. */
export function syntheticCatalog(total: number, perFile = 40): { location: string; text: string }[] {
  const teams = Math.max(5, Math.round(total / 500));
  const systems = Math.max(4, Math.round(total / 100));
  const docs: string[] = [];
  for (let t = 0; t < teams; t++)
    docs.push(
      `apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-${t}\n  title: Team ${t}\nspec:\n  type: team\n  children: []\n`,
    );
  for (let s = 0; s < systems; s++)
    docs.push(
      `apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: system-${s}\nspec:\n  owner: team-${s % teams}\n`,
    );
  const components = total - docs.length;
  const apis = Math.round(components / 10);
  for (let a = 0; a < apis; a++) {
    docs.push(
      `apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: ${pick(WORDS, a)}-api-${a}\n  description: The ${pick(WORDS, a)} API number ${a}\nspec:\n  type: openapi\n  lifecycle: production\n  owner: team-${a % teams}\n  system: system-${a % systems}\n  definition: "openapi: 3.0.0"\n`,
    );
  }
  for (let c = 0; c < components - apis; c++) {
    const word = pick(WORDS, c * 7 + 3);
    const name = `${word}-${pick(SUFFIXES, c)}-${c}`;
    const deps = [1, 2, 3]
      .map((k) => c - k * 11)
      .filter((d) => d >= 0)
      .map((d) => `component:${pick(WORDS, d * 7 + 3)}-${pick(SUFFIXES, d)}-${d}`);
    const tags = [pick(TAGS, c), pick(TAGS, c * 3 + 1)].filter((v, i, all) => all.indexOf(v) === i);
    docs.push(
      `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n  title: ${word[0].toUpperCase()}${word.slice(1)} ${pick(SUFFIXES, c)} ${c}\n  description: Handles ${word} for the ${pick(WORDS, c + 5)} flow in region ${c % 9}\n  tags: [${tags.join(", ")}]\nspec:\n  type: ${c % 10 === 0 ? "website" : c % 7 === 0 ? "library" : "service"}\n  lifecycle: ${pick(LIFECYCLES, c)}\n  owner: team-${c % teams}\n  system: system-${c % systems}\n  dependsOn: [${deps.join(", ")}]\n  providesApis: [${pick(WORDS, c % apis)}-api-${c % apis}]\n`,
    );
  }
  const files: { location: string; text: string }[] = [];
  for (let i = 0; i < docs.length; i += perFile) {
    files.push({ location: `bench:repo-${i / perFile}`, text: docs.slice(i, i + perFile).join("---\n") });
  }
  return files;
}
