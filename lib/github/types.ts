// The parts of GitHub's REST payloads the sync reads (names and nesting as GitHub sends them).
export type GithubUser = { login: string; id: number; avatar_url?: string; html_url?: string; type?: string };

export type GithubRepo = {
  id: number;
  name: string;
  full_name: string;
  owner: GithubUser;
  html_url: string;
  description: string | null;
  fork: boolean;
  archived?: boolean;
  disabled?: boolean;
  topics?: string[];
  language?: string | null;
  default_branch?: string;
  pushed_at?: string | null;
  updated_at?: string | null;
};

export type GithubTeam = {
  id: number;
  slug: string;
  name: string;
  description?: string | null;
  html_url?: string;
  parent?: { slug: string } | null;
  permission?: string;
  permissions?: Record<string, boolean>;
};

export type GithubDeployment = {
  id: number;
  sha: string;
  ref: string;
  task?: string;
  environment: string;
  description?: string | null;
  creator?: GithubUser | null;
  payload?: unknown;
  created_at: string;
  updated_at: string;
};

export type GithubDeploymentStatus = {
  id: number;
  state: string;
  environment?: string;
  environment_url?: string;
  log_url?: string;
  target_url?: string;
  description?: string | null;
  creator?: GithubUser | null;
  created_at: string;
};

export type GithubRelease = {
  id: number;
  tag_name: string;
  name?: string | null;
  body?: string | null;
  draft: boolean;
  prerelease: boolean;
  author?: GithubUser | null;
  html_url?: string;
  target_commitish?: string;
  created_at: string;
  published_at?: string | null;
};

export type GithubWorkflowRun = {
  id: number;
  name?: string | null;
  workflow_id?: number;
  run_number?: number;
  run_attempt?: number;
  event?: string;
  status?: string | null;
  conclusion?: string | null;
  head_branch?: string | null;
  head_sha?: string;
  actor?: GithubUser | null;
  html_url?: string;
  created_at: string;
  updated_at: string;
};
