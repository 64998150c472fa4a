import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { localProcess, processIdentity } from "./local-process";

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.runIf(process.platform === "linux")("local:process teardown", () => {
  it("stops the process it started, and leaves alone a process that was given the same pid later", async () => {
    const child = spawn("sleep", ["30"], { detached: true, stdio: "ignore" });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const pid = child.pid!;
    const identity = processIdentity(pid);
    expect(identity).toMatch(/^[0-9a-f-]+:\d+$/);
    const lines: string[] = [];
    const context = {
      runId: "r",
      stepId: "s",
      database: {} as Database,
      log: async (line: string) => void lines.push(line),
      output: {},
    };

    // What a reused pid looks like: the stored identity is not the running process's.
    await localProcess.teardown!({ ...context, resources: { pid, identity: `${identity!.split(":")[0]}:1` } });
    expect(isAlive(pid)).toBe(true);
    expect(lines.at(-1)).toMatch(/belongs to another process/);

    await localProcess.teardown!({ ...context, resources: { pid, identity } });
    expect(lines.at(-1)).toBe(`stopped process ${pid}`);
    await exited;
    expect(isAlive(pid)).toBe(false);
  });
});
