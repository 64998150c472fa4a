// Terraform for a preview: the module copied into a directory of the step's own, one workspace per
// environment, state in the portal's PostgreSQL (Terraform's pg backend, forced by an override file so
// a module's own backend block cannot send state elsewhere), variables in a JSON var file (never on
// the command line), every line of init, plan, apply and destroy streamed into the run log.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { previewsRoot } from "./workspace";

export const TERRAFORM_SCHEMA = "portolan_terraform";

export type TerraformSetup = {
  dir: string;
  workspace: string;
  /** The pg backend's connection string (secret); null: local state in the directory (embedded portal). */
  backendUrl: string | null;
};

export function terraformBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.PORTOLAN_TERRAFORM_BIN || "terraform";
}

/**
 * The server for Terraform state: PORTOLAN_TERRAFORM_STATE_URL, else the portal's own PostgreSQL
 * (DATABASE_URL); null on the embedded database, where state stays in the step's directory.
 */
export function terraformStateUrl(kind: "embedded" | "postgres", env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.PORTOLAN_TERRAFORM_STATE_URL) return env.PORTOLAN_TERRAFORM_STATE_URL;
  return kind === "postgres" ? (env.DATABASE_URL ?? null) : null;
}

/**
 * The pg backend's connection string: Terraform's driver (lib/pq) insists on TLS unless told, while
 * the portal's own client (node-postgres) uses it only when the URL asks; follow the URL the same way.
 */
export function backendConnection(url: string): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has("sslmode")) parsed.searchParams.set("sslmode", "disable");
  return parsed.href;
}

export function terraform(
  setup: TerraformSetup,
  args: string[],
  options: { log?: (line: string) => void; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<string> {
  const pluginCache = path.join(previewsRoot(), "terraform-plugins");
  fs.mkdirSync(pluginCache, { recursive: true });
  return new Promise((resolve, reject) => {
    const child = spawn(terraformBinary(), args, {
      cwd: setup.dir,
      shell: false,
      stdio: ["ignore", "pipe", "pipe"],
      signal: options.signal,
      timeout: options.timeoutMs ?? 1_800_000,
      env: {
        NODE_ENV: "production",
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: setup.dir,
        CHECKPOINT_DISABLE: "1",
        TF_IN_AUTOMATION: "1",
        TF_INPUT: "0",
        TF_PLUGIN_CACHE_DIR: pluginCache,
        ...(setup.backendUrl ? { PG_CONN_STR: backendConnection(setup.backendUrl) } : {}),
      },
    });
    let stdout = "";
    const tail: string[] = [];
    const lines = (stream: NodeJS.ReadableStream, keep: boolean) => {
      let pending = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        if (keep) stdout += chunk;
        pending += chunk;
        const parts = pending.split("\n");
        pending = parts.pop() ?? "";
        for (const line of parts) {
          if (!line.trim()) continue;
          tail.push(line);
          if (tail.length > 15) tail.shift();
          if (!keep) options.log?.(line.slice(0, 2000));
        }
      });
    };
    const capture = args[0] === "output" || args[0] === "workspace";
    lines(child.stdout, capture);
    lines(child.stderr, false);
    child.on("error", (error) =>
      reject(
        (error as NodeJS.ErrnoException).code === "ENOENT"
          ? new Error(
              `terraform is not installed on this worker (no "${terraformBinary()}" on PATH; install Terraform or set PORTOLAN_TERRAFORM_BIN)`,
            )
          : error,
      ),
    );
    child.on("close", (code, signal) =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`terraform ${args[0]} failed (${signal ?? `exit ${code}`}): ${tail.slice(-8).join(" | ")}`)),
    );
  });
}

/** Copies the module and writes the backend override and the variables. */
export function prepareModule(setup: TerraformSetup, moduleDir: string, variables: Record<string, unknown>) {
  fs.cpSync(moduleDir, setup.dir, {
    recursive: true,
    filter: (source) => !source.split(path.sep).includes(".terraform") && !source.endsWith(".tfstate"),
  });
  const backend = setup.backendUrl ? `backend "pg" {}` : `backend "local" {}`;
  fs.writeFileSync(path.join(setup.dir, "portolan_backend_override.tf"), `terraform {\n  ${backend}\n}\n`);
  fs.writeFileSync(path.join(setup.dir, "portolan.auto.tfvars.json"), JSON.stringify(variables), { mode: 0o600 });
}

export async function init(setup: TerraformSetup, log: (line: string) => void, signal?: AbortSignal) {
  // Initialised already (the same directory, at teardown): a second init of a local backend would ask
  // to migrate state, which nobody can answer here.
  if (!fs.existsSync(path.join(setup.dir, ".terraform"))) {
    const config = setup.backendUrl ? [`-backend-config=schema_name=${TERRAFORM_SCHEMA}`] : [];
    await terraform(setup, ["init", "-input=false", "-no-color", "-reconfigure", ...config], { log, signal });
  }
  const list = await terraform(setup, ["workspace", "list"], { signal });
  const exists = list.split("\n").some((l) => l.replace(/^\*?\s*/, "").trim() === setup.workspace);
  await terraform(setup, ["workspace", exists ? "select" : "new", "-no-color", setup.workspace], { log, signal });
}

export async function apply(setup: TerraformSetup, log: (line: string) => void, signal?: AbortSignal) {
  await terraform(setup, ["plan", "-input=false", "-no-color", "-out=portolan.tfplan"], { log, signal });
  await terraform(setup, ["apply", "-input=false", "-no-color", "-auto-approve", "portolan.tfplan"], { log, signal });
  const raw = await terraform(setup, ["output", "-json", "-no-color"], { signal });
  const outputs = JSON.parse(raw || "{}") as Record<string, { value: unknown; sensitive: boolean }>;
  // Sensitive outputs stay in the state; a step output is stored and shown, so they are left out.
  return Object.fromEntries(
    Object.entries(outputs)
      .filter(([, o]) => !o.sensitive)
      .map(([name, o]) => [name, o.value]),
  );
}

/** Destroys everything in the workspace, then deletes the workspace (its state row) itself. */
export async function destroy(setup: TerraformSetup, log: (line: string) => void) {
  await terraform(setup, ["destroy", "-input=false", "-no-color", "-auto-approve"], { log });
  await terraform(setup, ["workspace", "select", "-no-color", "default"], { log });
  await terraform(setup, ["workspace", "delete", "-no-color", setup.workspace], { log });
}
