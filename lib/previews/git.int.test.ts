// The git source of a preview against real local repositories (file://), and the refusals.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkout, checkRef, git, listRemoteBranches, remoteEnv } from "./git";
import { githubCloneUrl, gitUrlRemote } from "./repository-source";
import { busyboxRepository } from "./testing";

describe("git source", () => {
  let url: string;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-git-"));
  const saved = process.env.PORTOLAN_PREVIEWS_DIR;
  beforeAll(async () => {
    process.env.PORTOLAN_PREVIEWS_DIR = root;
    url = await busyboxRepository({ "feature/a": "A", "feature/b": "B" });
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.PORTOLAN_PREVIEWS_DIR;
    else process.env.PORTOLAN_PREVIEWS_DIR = saved;
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(fileURLToPath(url), { recursive: true, force: true });
  });

  it("lists a repository's branches and checks two of them out side by side from one cache", async () => {
    expect(await listRemoteBranches({ url })).toEqual(["broken", "compose", "feature/a", "feature/b", "main"]);
    const a = await checkout({ url }, "feature/a", path.join(root, "a"));
    const b = await checkout({ url }, "feature/b", path.join(root, "b"));
    expect(fs.readFileSync(path.join(root, "a", "www", "index.html"), "utf8")).toBe("A\n");
    expect(fs.readFileSync(path.join(root, "b", "www", "index.html"), "utf8")).toBe("B\n");
    expect(a.cache).toBe(b.cache);
    expect(a.commit).not.toBe(b.commit);
    // A commit checks out too (shallow fetch by id).
    const byCommit = await checkout({ url }, a.commit, path.join(root, "c"));
    expect(byCommit.commit).toBe(a.commit);
    // A pull request's head, as GitHub keeps a fork's commits in the base repository.
    await git(["-C", fileURLToPath(url), "update-ref", "refs/pull/5/head", b.commit]);
    const pull = await checkout({ url }, "pull/5/head", path.join(root, "p"));
    expect(pull.commit).toBe(b.commit);
    await expect(checkout({ url }, "no/such-branch", path.join(root, "d"))).rejects.toThrow(
      'branch "no/such-branch" does not exist in the repository',
    );
  });

  it("refuses refs that are options or revision syntax, other transports, credentials in URLs, and file:// from untrusted places", async () => {
    for (const ref of ["--upload-pack=touch /tmp/x", "-x", "a..b", "main~1", "a b", "x;y"])
      expect(() => checkRef(ref)).toThrow();
    expect(() => gitUrlRemote("ext::sh -c touch% /tmp/pwned", { allowFile: true })).toThrow();
    expect(() => gitUrlRemote("ssh://git@example.com/x.git", { allowFile: true })).toThrow(/https, http or file/);
    expect(() => gitUrlRemote("https://user:token@example.com/x.git", { allowFile: true })).toThrow(/no credentials/);
    expect(() => gitUrlRemote("file:///etc/repo", { allowFile: false })).toThrow(/trusted location/);
    // http(s) is checked by the egress policy and pinned to the address it checked.
    await expect(remoteEnv({ url: "http://127.0.0.1:9/x.git" })).rejects.toThrow(/refused by the egress policy/);
    expect(githubCloneUrl("https://api.github.com", "acme/app")).toBe("https://github.com/acme/app.git");
    expect(githubCloneUrl("https://ghe.example.com/api/v3", "acme/app")).toBe("https://ghe.example.com/acme/app.git");
  });
});
