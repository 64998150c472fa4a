// CODEOWNERS, read the way GitHub does for the whole repository: the last `*` rule wins.
export const CODEOWNERS_PATHS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"] as const;

/**
 * The team slug owning the whole repository: the first `@org/team` owner of the last `*` rule
 * (users and e-mail owners are skipped; a team of another organisation is ignored).
 */
export function codeownersTeam(text: string, org: string): string | null {
  let owners: string[] | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (!line) continue;
    const [pattern, ...rest] = line.split(/\s+/);
    if (pattern === "*" || pattern === "/*" || pattern === "/**" || pattern === "**") owners = rest;
  }
  for (const owner of owners ?? []) {
    const match = /^@([^/\s]+)\/([A-Za-z0-9_.-]+)$/.exec(owner);
    if (match && match[1].toLowerCase() === org.toLowerCase()) return match[2].toLowerCase();
  }
  return null;
}
