import fs from "node:fs";
import path from "node:path";

const LOCK_FILE = "portolan.pid";
/** Directories this process holds: a second open in the same process is refused too. */
const held = new Set<string>();

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${ownerPid}. ` +
        `An embedded database belongs to one process at a time. Stop that process first ` +
        `(or use the running portal's API, e.g. POST /api/v1/catalog/import), ` +
        `or set DATABASE_URL to a PostgreSQL server so that several processes can share it.`,
    );
    this.name = "DataDirLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means it exists but belongs to someone else: still alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the data directory for this process. PGlite has no cross-process lock and two owners
 * silently lose writes, so a live owner is refused and a dead owner's pid file is taken over.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      held.add(dataDir);
      const release = () => {
        held.delete(dataDir);
        try {
          if (fs.readFileSync(file, "utf8").trim() === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number.parseInt(fs.readFileSync(file, "utf8").trim(), 10);
      const isOurs = owner === process.pid;
      if (isOurs && held.has(dataDir)) throw new DataDirLockedError(dataDir, owner);
      if (!isOurs && Number.isFinite(owner) && isAlive(owner)) throw new DataDirLockedError(dataDir, owner);
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not take the lock file ${file}; remove it if no Portolan process is running.`);
}
