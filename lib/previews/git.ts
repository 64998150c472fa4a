// The git CLI, run safely: arguments as an array (never a shell), a small environment of our own (no
// user or system config, no prompts, only the https, http and file transports), a timeout, and for
// http(s) the address the egress policy checked pinned with curl's resolve option, so DNS cannot
// point git elsewhere between the check and the connection. Credentials go in as an extra header
// through GIT_CONFIG_* variables: never in a URL, an argument or a log line.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { resolveAllowed, type AllowRule } from "@/lib/egress";
import { previewsRoot } from "./workspace";

export type GitRemote = {
  /** https://…, http://… or file:///… */
  url: string;
  /** An Authorization header value for https (GitHub's token); secret. */
  authorization?: string;
  /** Extra egress rules for this remote (the GitHub Enterprise host). */
  allow?: AllowRule[];
};

export type GitOptions = {
  cwd?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  env?: Record<string, string>;
  onLine?: (line: string) => void;
};

const BRANCH = /^(?!.*\.\.)(?!\/)(?!.*\/$)[A-Za-z0-9._/-]{1,200}$/;
const SHA = /^[0-9a-f]{7,40}$/;
/** A pull request's head as GitHub keeps it in the base repository (refs/pull/N/head): how a fork's code is fetched. */
const PULL_HEAD = /^pull\/\d{1,9}\/head$/;

/** A branch name or commit we are willing to hand to git (no options, no revision syntax). */
export function checkRef(ref: string): string {
  if (!BRANCH.test(ref) || ref.startsWith("-")) throw new Error(`"${ref}" is not a branch name or commit`);
  return ref;
}

export function isCommit(ref: string): boolean {
  return SHA.test(ref);
}

/** Runs git; resolves with stdout, rejects with stderr's last lines. */
export function git(args: string[], options: GitOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      cwd: options.cwd,
      shell: false,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        NODE_ENV: "production",
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: previewsRoot(),
        GIT_TERMINAL_PROMPT: "0",
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_CONFIG_GLOBAL: "/dev/null",
        GIT_ALLOW_PROTOCOL: "https:http:file",
        GIT_ASKPASS: "/bin/false",
        SSH_ASKPASS: "/bin/false",
        LC_ALL: "C",
        ...options.env,
      },
      signal: options.signal,
      timeout: options.timeoutMs ?? 300_000,
    });
    let stdout = "";
    let stderr = "";
    let pending = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-8000);
      pending += chunk;
      const lines = pending.split(/[\r\n]/);
      pending = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) options.onLine?.(line);
    });
    child.on("error", (error) =>
      reject(
        (error as NodeJS.ErrnoException).code === "ENOENT"
          ? new Error("git is not installed on this worker (apt-get install git)")
          : error,
      ),
    );
    child.on("close", (code, signal) => {
      if (code === 0) return resolve(stdout);
      const last = stderr.trim().split("\n").slice(-5).join(" | ");
      reject(
        new Error(`git ${args.find((a) => !a.startsWith("-")) ?? ""} failed (${signal ?? `exit ${code}`}): ${last}`),
      );
    });
  });
}

/**
 * The git configuration a remote needs, as environment variables: its checked address pinned
 * (http/https), no redirects, the credentials header. Refuses what the egress policy refuses.
 */
export async function remoteEnv(remote: GitRemote): Promise<Record<string, string>> {
  const url = new URL(remote.url);
  const config: [string, string][] = [];
  if (url.protocol === "http:" || url.protocol === "https:") {
    const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
    const addresses = await resolveAllowed(url.hostname, port, { allow: remote.allow });
    const host = url.hostname.replace(/^\[|\]$/g, "");
    config.push(["http.curloptResolve", `${host}:${port}:${addresses.map((a) => a.address).join(",")}`]);
    config.push(["http.followRedirects", "false"]);
    if (remote.authorization) config.push(["http.extraHeader", `Authorization: ${remote.authorization}`]);
  } else if (url.protocol !== "file:") {
    throw new Error(`only https, http and file git URLs are supported (got ${url.protocol})`);
  }
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(config.length) };
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

/** The branch names of a remote (`git ls-remote --heads`), sorted. */
export async function listRemoteBranches(remote: GitRemote, signal?: AbortSignal): Promise<string[]> {
  const out = await git(["ls-remote", "--heads", "--", remote.url], {
    env: await remoteEnv(remote),
    signal,
    timeoutMs: 30_000,
  });
  return out
    .split("\n")
    .map((line) => /\trefs\/heads\/(.+)$/.exec(line)?.[1])
    .filter((b): b is string => Boolean(b))
    .sort((a, b) => a.localeCompare(b));
}

// One fetch into a repository's cache at a time in this process (git's own lock files refuse a second).
const cacheLocks = new Map<string, Promise<unknown>>();

function withCacheLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = cacheLocks.get(key) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(work);
  cacheLocks.set(key, next);
  void next.finally(() => cacheLocks.get(key) === next && cacheLocks.delete(key)).catch(() => {});
  return next;
}

export function cacheDirFor(url: string): string {
  return path.join(previewsRoot(), "git-cache", `${createHash("sha256").update(url).digest("hex").slice(0, 20)}.git`);
}

/**
 * Checks a branch or commit of a remote out into `target` (a plain tree, no .git): a shallow fetch
 * into the repository's cache (a bare repository kept between runs), then the tree written from
 * there with an index of its own, so runs of the same repository never share a work tree.
 */
export async function checkout(
  remote: GitRemote,
  ref: string,
  target: string,
  options: { signal?: AbortSignal; onLine?: (line: string) => void } = {},
): Promise<{ commit: string; cache: string }> {
  checkRef(ref);
  const cache = cacheDirFor(remote.url);
  const env = await remoteEnv(remote);
  const commit = await withCacheLock(cache, async () => {
    if (!fs.existsSync(path.join(cache, "HEAD"))) {
      fs.mkdirSync(cache, { recursive: true });
      await git(["init", "--quiet", "--bare", cache]);
    }
    const refspec = isCommit(ref)
      ? ref
      : PULL_HEAD.test(ref)
        ? `+refs/${ref}:refs/portolan/${ref}`
        : `+refs/heads/${ref}:refs/portolan/heads/${ref}`;
    try {
      await git(
        ["-C", cache, "fetch", "--quiet", "--depth", "1", "--no-tags", "--progress", "--", remote.url, refspec],
        {
          env,
          signal: options.signal,
          onLine: options.onLine,
        },
      );
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (/couldn't find remote ref|not our ref|unadvertised object/i.test(text))
        throw new Error(`${isCommit(ref) ? "commit" : "branch"} "${ref}" does not exist in the repository`);
      throw error;
    }
    return (await git(["-C", cache, "rev-parse", "FETCH_HEAD^{commit}"])).trim();
  });
  fs.mkdirSync(target, { recursive: true });
  const index = `${target}.index`;
  try {
    const treeEnv = { GIT_INDEX_FILE: index };
    await git(["--git-dir", cache, "read-tree", commit], { env: treeEnv });
    await git(["--git-dir", cache, "--work-tree", target, "checkout-index", "--all", "--force"], { env: treeEnv });
  } finally {
    fs.rmSync(index, { force: true });
  }
  return { commit, cache };
}
