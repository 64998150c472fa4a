import type { OpenOptions } from "@/db/client";
import { checkSettings, setting } from "./settings";

/** The configuration every entry point (app, CLI, worker) reads the same way; refuses bad numeric settings. */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOptions {
  checkSettings(env);
  if (!env.DATABASE_URL) return { dataDir: env.PORTOLAN_DATA_DIR || ".data" };
  return {
    url: env.DATABASE_URL,
    pool: {
      max: setting("pgPoolMax", env),
      statementTimeoutMs: setting("pgStatementTimeoutMs", env),
      connectTimeoutMs: setting("pgConnectTimeoutMs", env),
      idleTimeoutMs: setting("pgIdleTimeoutMs", env),
    },
  };
}
