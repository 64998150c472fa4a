// GitHub REST payloads for the fake server (simple-user, minimal-repository, team, content-file,
// deployment, deployment-status, release, workflow-run, commit, short-branch, commit-comparison).
// Each is checked at compile time against GitHub's own OpenAPI description (@octokit/openapi-types,
// `satisfies`): every field GitHub requires, with GitHub's types.
import { createHash } from "node:crypto";
import type { components } from "@octokit/openapi-types";

type Schemas = components["schemas"];

export type FakeDeployment = {
  id: number;
  environment: string;
  ref: string;
  sha: string;
  createdAt: string;
  statuses: { id: number; state: Schemas["deployment-status"]["state"]; environmentUrl?: string; createdAt: string }[];
};
export type FakeRelease = {
  id: number;
  tagName: string;
  name?: string;
  body?: string;
  draft?: boolean;
  prerelease?: boolean;
  createdAt: string;
  publishedAt?: string;
};
export type FakeRun = {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  headBranch: string;
  headSha: string;
  runNumber: number;
  createdAt: string;
  event?: string;
  workflowFile?: string;
  displayTitle?: string;
};
export type FakeRepo = {
  id: number;
  name: string;
  description?: string | null;
  topics?: string[];
  language?: string | null;
  archived?: boolean;
  fork?: boolean;
  private?: boolean;
  defaultBranch?: string;
  pushedAt: string;
  files: Record<string, string>;
  /** Team slug → permission (admin, maintain, push, triage, pull). */
  teams?: Record<string, string>;
  deployments?: FakeDeployment[];
  releases?: FakeRelease[];
  runs?: FakeRun[];
  /** Branch names for GET /branches (default: the default branch). */
  branches?: string[];
  /** Commits oldest first; `tags` name the ones a release points at (for the compare endpoint). */
  commits?: FakeCommit[];
};
export type FakeCommit = { sha: string; message: string; author: string; date: string; tags?: string[] };
export type FakeTeam = {
  id: number;
  slug: string;
  name: string;
  description?: string;
  parent?: string;
  members: string[];
};
export type FakeOrg = { login: string; id: number; teams: FakeTeam[]; repos: FakeRepo[] };

const blobSha = (text: string) =>
  createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest("hex");
const userId = (login: string) => parseInt(createHash("sha1").update(login).digest("hex").slice(0, 7), 16);

export function simpleUser(base: string, login: string, type = "User") {
  const id = userId(login);
  return {
    login,
    id,
    node_id: Buffer.from(`04:User${id}`).toString("base64"),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: "",
    url: `${base}/users/${login}`,
    html_url: `https://github.com/${login}`,
    followers_url: `${base}/users/${login}/followers`,
    following_url: `${base}/users/${login}/following{/other_user}`,
    gists_url: `${base}/users/${login}/gists{/gist_id}`,
    starred_url: `${base}/users/${login}/starred{/owner}{/repo}`,
    subscriptions_url: `${base}/users/${login}/subscriptions`,
    organizations_url: `${base}/users/${login}/orgs`,
    repos_url: `${base}/users/${login}/repos`,
    events_url: `${base}/users/${login}/events{/privacy}`,
    received_events_url: `${base}/users/${login}/received_events`,
    type,
    site_admin: false,
  } satisfies Schemas["simple-user"];
}

/** The hypermedia links GitHub puts on every repository (URI templates under the repo's API URL). */
function repositoryLinks(api: string) {
  return {
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    hooks_url: `${api}/hooks`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
  };
}

export function repository(base: string, owner: string, repo: FakeRepo) {
  const full = `${owner}/${repo.name}`;
  return {
    id: repo.id,
    node_id: Buffer.from(`010:Repository${repo.id}`).toString("base64"),
    name: repo.name,
    full_name: full,
    private: repo.private ?? false,
    owner: simpleUser(base, owner, "Organization"),
    html_url: `https://github.com/${full}`,
    description: repo.description ?? null,
    fork: repo.fork ?? false,
    url: `${base}/repos/${full}`,
    ...repositoryLinks(`${base}/repos/${full}`),
    created_at: "2020-01-01T00:00:00Z",
    updated_at: repo.pushedAt,
    pushed_at: repo.pushedAt,
    git_url: `git://github.com/${full}.git`,
    ssh_url: `git@github.com:${full}.git`,
    clone_url: `https://github.com/${full}.git`,
    homepage: null,
    size: 108,
    stargazers_count: 0,
    watchers_count: 0,
    language: repo.language ?? null,
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    forks_count: 0,
    archived: repo.archived ?? false,
    disabled: false,
    open_issues_count: 0,
    license: null,
    allow_forking: true,
    is_template: false,
    topics: repo.topics ?? [],
    visibility: repo.private ? "private" : "public",
    forks: 0,
    open_issues: 0,
    watchers: 0,
    default_branch: repo.defaultBranch ?? "main",
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
  } satisfies Schemas["minimal-repository"];
}

export function team(base: string, org: FakeOrg, t: FakeTeam, permission?: string) {
  const parent = t.parent ? org.teams.find((p) => p.slug === t.parent) : undefined;
  const shape = (x: FakeTeam) => ({
    id: x.id,
    node_id: Buffer.from(`04:Team${x.id}`).toString("base64"),
    url: `${base}/organizations/${org.id}/team/${x.id}`,
    html_url: `https://github.com/orgs/${org.login}/teams/${x.slug}`,
    name: x.name,
    slug: x.slug,
    description: x.description ?? null,
    privacy: "closed",
    notification_setting: "notifications_enabled",
    permission: "pull",
    type: "organization" as const,
    members_url: `${base}/organizations/${org.id}/team/${x.id}/members{/member}`,
    repositories_url: `${base}/organizations/${org.id}/team/${x.id}/repos`,
  });
  const body = { ...shape(t), parent: parent ? shape(parent) : null } satisfies Schemas["team"];
  if (!permission) return body;
  const order = ["pull", "triage", "push", "maintain", "admin"];
  const level = order.indexOf(permission);
  return {
    ...body,
    permission,
    permissions: Object.fromEntries(order.map((p, i) => [p, i <= level])),
  };
}

export function contentFile(base: string, full: string, path: string, text: string, branch: string) {
  const sha = blobSha(text);
  return {
    type: "file",
    encoding: "base64",
    size: Buffer.byteLength(text),
    name: path.split("/").pop() ?? path,
    path,
    content:
      (
        Buffer.from(text)
          .toString("base64")
          .match(/.{1,60}/g) ?? []
      ).join("\n") + "\n",
    sha,
    url: `${base}/repos/${full}/contents/${path}?ref=${branch}`,
    git_url: `${base}/repos/${full}/git/blobs/${sha}`,
    html_url: `https://github.com/${full}/blob/${branch}/${path}`,
    download_url: `https://raw.githubusercontent.com/${full}/${branch}/${path}`,
    _links: {
      self: `${base}/repos/${full}/contents/${path}?ref=${branch}`,
      git: `${base}/repos/${full}/git/blobs/${sha}`,
      html: `https://github.com/${full}/blob/${branch}/${path}`,
    },
  } satisfies Schemas["content-file"];
}

export function deployment(base: string, full: string, d: FakeDeployment) {
  const last = d.statuses.at(-1);
  return {
    url: `${base}/repos/${full}/deployments/${d.id}`,
    id: d.id,
    node_id: Buffer.from(`010:Deployment${d.id}`).toString("base64"),
    sha: d.sha,
    ref: d.ref,
    task: "deploy",
    payload: {},
    original_environment: d.environment,
    environment: d.environment,
    description: `Deploy ${d.ref}`,
    creator: simpleUser(base, "deploy-bot"),
    created_at: d.createdAt,
    updated_at: last?.createdAt ?? d.createdAt,
    statuses_url: `${base}/repos/${full}/deployments/${d.id}/statuses`,
    repository_url: `${base}/repos/${full}`,
    transient_environment: false,
    production_environment: d.environment === "production",
  } satisfies Schemas["deployment"];
}

export function deploymentStatus(base: string, full: string, d: FakeDeployment, s: FakeDeployment["statuses"][number]) {
  return {
    url: `${base}/repos/${full}/deployments/${d.id}/statuses/${s.id}`,
    id: s.id,
    node_id: Buffer.from(`016:DeploymentStatus${s.id}`).toString("base64"),
    state: s.state,
    creator: simpleUser(base, "deploy-bot"),
    description: `Deployment ${s.state}`,
    environment: d.environment,
    target_url: "",
    created_at: s.createdAt,
    updated_at: s.createdAt,
    deployment_url: `${base}/repos/${full}/deployments/${d.id}`,
    repository_url: `${base}/repos/${full}`,
    environment_url: s.environmentUrl ?? "",
    log_url: `https://github.com/${full}/actions`,
  } satisfies Schemas["deployment-status"];
}

export function release(base: string, full: string, r: FakeRelease) {
  return {
    url: `${base}/repos/${full}/releases/${r.id}`,
    html_url: `https://github.com/${full}/releases/tag/${r.tagName}`,
    id: r.id,
    node_id: Buffer.from(`07:Release${r.id}`).toString("base64"),
    tag_name: r.tagName,
    target_commitish: "main",
    name: r.name ?? r.tagName,
    body: r.body ?? "",
    draft: r.draft ?? false,
    prerelease: r.prerelease ?? false,
    created_at: r.createdAt,
    published_at: r.publishedAt ?? r.createdAt,
    author: simpleUser(base, "release-bot"),
    assets: [],
    assets_url: `${base}/repos/${full}/releases/${r.id}/assets`,
    upload_url: `https://uploads.github.com/repos/${full}/releases/${r.id}/assets{?name,label}`,
    tarball_url: `${base}/repos/${full}/tarball/${r.tagName}`,
    zipball_url: `${base}/repos/${full}/zipball/${r.tagName}`,
  } satisfies Schemas["release"];
}

export function workflowRun(base: string, owner: string, repo: FakeRepo, w: FakeRun) {
  const full = `${owner}/${repo.name}`;
  const repository_ = repository(base, owner, repo);
  return {
    id: w.id,
    name: w.name,
    node_id: Buffer.from(`011:WorkflowRun${w.id}`).toString("base64"),
    head_branch: w.headBranch,
    head_sha: w.headSha,
    path: `.github/workflows/${w.workflowFile ?? `${w.name.toLowerCase().replace(/\W+/g, "-")}.yml`}`,
    display_title: w.displayTitle ?? w.name,
    run_number: w.runNumber,
    event: w.event ?? "push",
    status: w.status,
    conclusion: w.conclusion,
    workflow_id: 1000 + (w.id % 7),
    check_suite_id: w.id * 10,
    url: `${base}/repos/${full}/actions/runs/${w.id}`,
    html_url: `https://github.com/${full}/actions/runs/${w.id}`,
    jobs_url: `${base}/repos/${full}/actions/runs/${w.id}/jobs`,
    logs_url: `${base}/repos/${full}/actions/runs/${w.id}/logs`,
    check_suite_url: `${base}/repos/${full}/check-suites/${w.id * 10}`,
    artifacts_url: `${base}/repos/${full}/actions/runs/${w.id}/artifacts`,
    cancel_url: `${base}/repos/${full}/actions/runs/${w.id}/cancel`,
    rerun_url: `${base}/repos/${full}/actions/runs/${w.id}/rerun`,
    workflow_url: `${base}/repos/${full}/actions/workflows/${1000 + (w.id % 7)}`,
    pull_requests: [],
    created_at: w.createdAt,
    updated_at: w.createdAt,
    actor: simpleUser(base, "octocat"),
    triggering_actor: simpleUser(base, "octocat"),
    run_attempt: 1,
    run_started_at: w.createdAt,
    head_commit: {
      id: w.headSha,
      tree_id: createHash("sha1").update(`tree ${w.headSha}`).digest("hex"),
      message: w.displayTitle ?? w.name,
      timestamp: w.createdAt,
      author: { name: "octocat", email: "octocat@users.noreply.github.com" },
      committer: { name: "GitHub", email: "noreply@github.com" },
    },
    repository: repository_,
    head_repository: repository_,
  } satisfies Schemas["workflow-run"];
}

const owner = (full: string) => full.split("/")[0];

/** One commit of a repo's history (its parent is the one before it). */
function commit(base: string, full: string, commits: FakeCommit[], index: number) {
  const c = commits[index];
  const html = base.replace(/\/api\/v3$/, "").replace(/\/$/, "");
  const person = { name: c.author, email: `${c.author}@users.noreply.github.com`, date: c.date };
  const parent = commits[index - 1]?.sha;
  const tree = createHash("sha1").update(`tree ${c.sha}`).digest("hex");
  return {
    url: `${base}/repos/${full}/commits/${c.sha}`,
    sha: c.sha,
    node_id: Buffer.from(`06:Commit${c.sha}`).toString("base64"),
    html_url: `${html}/${full}/commit/${c.sha}`,
    comments_url: `${base}/repos/${full}/commits/${c.sha}/comments`,
    commit: {
      url: `${base}/repos/${full}/git/commits/${c.sha}`,
      author: person,
      committer: person,
      message: c.message,
      comment_count: 0,
      tree: { sha: tree, url: `${base}/repos/${full}/git/trees/${tree}` },
    },
    author: simpleUser(base, c.author),
    committer: simpleUser(base, c.author),
    parents: parent
      ? [{ sha: parent, url: `${base}/repos/${full}/commits/${parent}`, html_url: `${html}/${full}/commit/${parent}` }]
      : [],
  } satisfies Schemas["commit"];
}

/** GET /repos/{owner}/{repo}/git/trees/{ref}: the top level, or with ?recursive every file and folder. */
export function gitTree(base: string, full: string, ref: string, files: Record<string, string>, recursive: boolean) {
  const folders = new Set(
    Object.keys(files).flatMap((path) =>
      path
        .split("/")
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join("/")),
    ),
  );
  const treeSha = (path: string) => createHash("sha1").update(`tree ${full} ${path}`).digest("hex");
  const entries = [
    ...[...folders].map((path) => ({
      path,
      mode: "040000",
      type: "tree",
      sha: treeSha(path),
      url: `${base}/repos/${full}/git/trees/${treeSha(path)}`,
    })),
    ...Object.entries(files).map(([path, text]) => ({
      path,
      mode: "100644",
      type: "blob",
      sha: blobSha(text),
      size: Buffer.byteLength(text),
      url: `${base}/repos/${full}/git/blobs/${blobSha(text)}`,
    })),
  ]
    .filter((entry) => recursive || !entry.path.includes("/"))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    sha: treeSha(`${ref}:`),
    url: `${base}/repos/${full}/git/trees/${treeSha(`${ref}:`)}`,
    tree: entries,
    truncated: false,
  } satisfies Schemas["git-tree"];
}

/** GET /repos/{owner}/{repo}/branches: one branch (short-branch). */
export function branch(base: string, full: string, name: string, sha: string, isProtected: boolean) {
  return {
    name,
    commit: { sha, url: `${base}/repos/${full}/commits/${sha}` },
    protected: isProtected,
  } satisfies Schemas["short-branch"];
}

/** GET /repos/{owner}/{repo}/compare/{base}...{head}: the commits after base up to head. */
export function comparison(base: string, full: string, baseRef: string, headRef: string, commits: FakeCommit[]) {
  const at = (ref: string) => commits.findIndex((c) => c.sha.startsWith(ref) || c.tags?.includes(ref));
  const from = at(baseRef);
  const to = at(headRef);
  if (from === -1 || to === -1) return null;
  const between = to > from ? commits.slice(from + 1, to + 1) : [];
  const html = base.replace(/\/api\/v3$/, "").replace(/\/$/, "");
  return {
    url: `${base}/repos/${full}/compare/${baseRef}...${headRef}`,
    html_url: `${html}/${full}/compare/${baseRef}...${headRef}`,
    permalink_url: `${html}/${full}/compare/${owner(full)}:${baseRef}...${owner(full)}:${headRef}`,
    diff_url: `${html}/${full}/compare/${baseRef}...${headRef}.diff`,
    patch_url: `${html}/${full}/compare/${baseRef}...${headRef}.patch`,
    status: to > from ? "ahead" : to === from ? "identical" : "behind",
    ahead_by: between.length,
    behind_by: to < from ? from - to : 0,
    total_commits: between.length,
    base_commit: commit(base, full, commits, from),
    merge_base_commit: commit(base, full, commits, Math.min(from, to)),
    commits: between.map((c) => commit(base, full, commits, commits.indexOf(c))),
    files: [],
  } satisfies Schemas["commit-comparison"];
}
