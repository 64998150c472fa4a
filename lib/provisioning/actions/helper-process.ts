// A helper process of the portal's own (a preview's database endpoint): started detached in its own
// process group, so it outlives a restart of the portal like a local preview does, carrying the
// portal's marker so a restarted portal adopts or stops it (reconcile-local-processes.ts).
import { spawn } from "node:child_process";
import path from "node:path";
import type { Database } from "@/db/client";
import { processMarker } from "../process-marker";
import { processIdentity } from "./local-process";

export async function startHelper(
  database: Database,
  runId: string,
  stepId: string,
  script: string,
  args: string[],
  options: { ready: RegExp; log: (line: string, level?: "info" | "warn") => void; timeoutMs?: number },
): Promise<{ pid: number; identity: string | null }> {
  const child = spawn(process.execPath, [path.join(/*turbopackIgnore: true*/ process.cwd(), script), ...args], {
    cwd: process.cwd(),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      ...(await processMarker(database, runId, stepId)),
    },
  });
  const pid = await new Promise<number>((resolve, reject) => {
    child.once("spawn", () => resolve(child.pid!));
    child.once("error", reject);
  });
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), options.timeoutMs ?? 30_000);
    const forward = (level: "info" | "warn") => (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line.trim()) continue;
        options.log(line.slice(0, 1000), level);
        if (options.ready.test(line)) {
          clearTimeout(timer);
          resolve(true);
        }
      }
    };
    child.stdout?.on("data", forward("info"));
    child.stderr?.on("data", forward("warn"));
    child.once("exit", (code) => {
      clearTimeout(timer);
      options.log(`helper process ${pid} exited (code ${code})`, "warn");
      resolve(false);
    });
  });
  child.unref();
  child.stdout?.destroy();
  child.stderr?.destroy();
  if (!ready) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      /* gone */
    }
    throw new Error(`${path.basename(script)} did not start`);
  }
  return { pid, identity: processIdentity(pid) };
}
