import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError } from "./lock";

const dirs: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-lock-"));
  dirs.push(dir);
  return path.join(dir, "nested", "data");
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("acquireDataDirLock", () => {
  it("creates the directory and refuses a second owner in the same process", () => {
    const dir = tempDir();
    const release = acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, "portolan.pid"), "utf8")).toBe(String(process.pid));
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    release();
    expect(fs.existsSync(path.join(dir, "portolan.pid"))).toBe(false);
    acquireDataDirLock(dir)();
  });

  it("refuses while another live process owns it, with a message that says what to do", async () => {
    const dir = tempDir();
    fs.mkdirSync(dir, { recursive: true });
    const other = spawn("sleep", ["30"]);
    try {
      fs.writeFileSync(path.join(dir, "portolan.pid"), String(other.pid));
      expect(() => acquireDataDirLock(dir)).toThrow(/in use by process \d+.*DATABASE_URL/s);
    } finally {
      other.kill("SIGKILL");
      await new Promise((resolve) => other.once("exit", resolve));
    }
    // The owner is gone: its stale pid file is taken over.
    const release = acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, "portolan.pid"), "utf8")).toBe(String(process.pid));
    release();
  });
});
