import { describe, expect, it } from "vitest";
import { matchRelease } from "./version-match";

const releases = [
  { tagName: "v1.5.0", targetCommitish: "main" },
  { tagName: "v1.4.0", targetCommitish: "4f2a9c1d3e5b7a9c1d3e5b7a9c1d3e5b7a9c1d3e" },
];

describe("matchRelease", () => {
  it("matches the version or ref naming the tag", () => {
    expect(matchRelease({ ref: "main", sha: null, version: "v1.5.0" }, releases)?.tagName).toBe("v1.5.0");
    expect(matchRelease({ ref: "refs/tags/v1.5.0", sha: null, version: null }, releases)?.tagName).toBe("v1.5.0");
  });

  it("tolerates a missing or extra v prefix", () => {
    expect(matchRelease({ ref: null, sha: null, version: "1.4.0" }, releases)?.tagName).toBe("v1.4.0");
  });

  it("matches a sha against a release's target commit, short or long", () => {
    expect(matchRelease({ ref: "main", sha: "4f2a9c1", version: null }, releases)?.tagName).toBe("v1.4.0");
    expect(
      matchRelease({ ref: "main", sha: "4F2A9C1D3E5B7A9C1D3E5B7A9C1D3E5B7A9C1D3E", version: null }, releases)?.tagName,
    ).toBe("v1.4.0");
  });

  it("does not treat a branch name or an unrelated sha as a release", () => {
    expect(matchRelease({ ref: "main", sha: "deadbeef", version: null }, releases)).toBeNull();
    expect(matchRelease({ ref: "v9.9.9", sha: null, version: null }, releases)).toBeNull();
  });
});
