// Which release a deployed ref/sha/version is. Pure: unit-tested.
export type ReleaseTag = { tagName: string; targetCommitish: string | null };
export type DeployedVersion = { ref: string | null; sha: string | null; version: string | null };

const isSha = (value: string) => /^[0-9a-f]{7,64}$/i.test(value);
const stripTagPrefix = (ref: string) => ref.replace(/^refs\/tags\//, "");

/** The tag a deployment runs: by version or ref naming the tag, else by the release's commit sha. */
export function matchRelease<T extends ReleaseTag>(deployed: DeployedVersion, releases: T[]): T | null {
  const names = [deployed.version, deployed.ref].filter((v): v is string => Boolean(v)).map(stripTagPrefix);
  for (const name of names) {
    const exact = releases.find((r) => r.tagName === name);
    if (exact) return exact;
  }
  // "1.4.0" deployed, tag "v1.4.0" (or the other way round).
  for (const name of names) {
    const loose = releases.find((r) => r.tagName.replace(/^v/i, "") === name.replace(/^v/i, ""));
    if (loose) return loose;
  }
  const sha = deployed.sha?.toLowerCase();
  if (sha && sha.length >= 7) {
    const bySha = releases.find(
      (r) =>
        r.targetCommitish &&
        isSha(r.targetCommitish) &&
        (r.targetCommitish.toLowerCase().startsWith(sha) || sha.startsWith(r.targetCommitish.toLowerCase())),
    );
    if (bySha) return bySha;
  }
  return null;
}
