import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Database } from "@/db/client";
import {
  createPreviewDatabase,
  dropPreviewDatabase,
  previewServerUrl,
  serverAddress,
  urlFor,
} from "@/lib/previews/postgres-server";
import { freshDir, previewsRoot, removeInside, stepKey } from "@/lib/previews/workspace";
import { SOCKET_TARGET, insideRoot } from "./container-common";
import { startHelper } from "./helper-process";
import { allocatePort, isRecordedAlive, portIfFree, processIdentity, stopProcess } from "./local-process";
import { defineAction } from "./types";

const HELPER = "scripts/preview-database.mjs";
const SOCKET_FILE = ".s.PGSQL.5432";

type Resources = {
  mode: "server" | "embedded";
  name: string;
  password: string;
  /** host:port of the server it was made on (its credentials stay in the environment, never stored). */
  server?: string;
  /** embedded: the PGlite server; server: the container socket's proxy. */
  pid?: number;
  identity?: string | null;
  port?: number;
  dir?: string;
};

/** The configured server, if it is still the one the database was made on. */
function configuredServer(kind: "embedded" | "postgres", r: Partial<Resources>): string {
  const url = previewServerUrl(kind);
  if (!url)
    throw new Error("no PostgreSQL server is configured any more (PORTOLAN_PREVIEW_DATABASE_URL or DATABASE_URL)");
  const { host, port } = serverAddress(url);
  if (r.server && r.server !== `${host}:${port}`)
    throw new Error(`the database was made on ${r.server}, but the configured server is now ${host}:${port}`);
  return url;
}

async function stopHelper(resources: Partial<Resources>, log: (line: string) => Promise<void>) {
  const pid = Number(resources.pid);
  if (!Number.isInteger(pid) || pid <= 1) return;
  const current = processIdentity(pid);
  if (resources.identity && current && current !== resources.identity) return;
  if (await stopProcess(pid)) await log(`stopped the database process ${pid}`);
}

/** The connection strings of a step, from its resources (never stored in its output). */
function connectionStrings(kind: "embedded" | "postgres", r: Resources): Record<string, string> {
  const socketUrl = (user: string, database: string) =>
    `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(r.password)}@localhost/${encodeURIComponent(database)}?host=${encodeURIComponent(SOCKET_TARGET)}`;
  if (r.mode === "embedded")
    return {
      url: `postgresql://preview:${encodeURIComponent(r.password)}@127.0.0.1:${r.port}/postgres`,
      containerUrl: socketUrl("preview", "postgres"),
      password: r.password,
    };
  return {
    url: urlFor(configuredServer(kind, r), r.name, r.password, r.name),
    containerUrl: socketUrl(r.name, r.name),
    password: r.password,
  };
}

type Say = (line: string, level?: "info" | "warn") => void;

/** The embedded PostgreSQL of one environment: seeded on its first start only (the data directory stays). */
function startEmbedded(
  database: Database,
  runId: string,
  stepId: string,
  r: Resources,
  seedFile: string | null,
  say: Say,
) {
  return startHelper(
    database,
    runId,
    stepId,
    HELPER,
    [
      "pglite",
      "--dir",
      path.join(r.dir!, "data"),
      "--template",
      path.join(previewsRoot(), "pglite-pristine"),
      "--port",
      String(r.port),
      "--socket",
      path.join(r.dir!, SOCKET_FILE),
      ...(seedFile ? ["--seed", seedFile] : []),
    ],
    { ready: /listening on/, log: say, timeoutMs: 60_000 },
  );
}

/** The container socket's proxy to the server, for this database's own role only. */
function startProxy(database: Database, runId: string, stepId: string, r: Resources, say: Say) {
  return startHelper(
    database,
    runId,
    stepId,
    HELPER,
    [
      "proxy",
      "--socket",
      path.join(r.dir!, SOCKET_FILE),
      "--target",
      r.server!,
      "--user",
      r.name,
      "--database",
      r.name,
    ],
    { ready: /ready/, log: say },
  );
}

export const postgresDatabase = defineAction({
  id: "postgres:database",
  description:
    "Creates a database of the environment's own (a copy of a template database, or seeded from a SQL file of the repository) and hands its connection string on as a secret; dropped at teardown.",
  schema: z.object({
    /** A database on the server to copy (CREATE DATABASE … TEMPLATE); server mode only. */
    template: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,63}$/)
      .nullish(),
    /** A SQL file in a checkout (plain statements, run as the environment's role). */
    seedFile: z.string().nullish(),
    /** The checkout seedFile is relative to (a git:checkout step's path). */
    checkout: z.string().nullish(),
    /** Also serve it on a unix socket directory a container can mount (container:run's databaseSocket). */
    socket: z.boolean().default(false),
  }),
  declaredOutputs: () => ["database", "user", "mode", "socketDir"],
  secretOutputs: ["url", "containerUrl", "password"],
  run: async ({ input, runId, stepId, database, log, setResources }) => {
    const say = (line: string, level: "info" | "warn" = "info") => void log(line, level).catch(() => {});
    let seedFile: string | null = null;
    if (input.seedFile) {
      if (!input.checkout) throw new Error("seedFile needs checkout (the git:checkout step's path)");
      const base = insideRoot(input.checkout, "checkout");
      seedFile = path.resolve(base, input.seedFile);
      if (!seedFile.startsWith(base + path.sep) || !fs.existsSync(/*turbopackIgnore: true*/ seedFile))
        throw new Error(`there is no seed file ${input.seedFile} in the repository`);
      seedFile = insideRoot(seedFile, "seedFile");
    }
    const name = `pv_${stepKey(runId, stepId)}`;
    const password = randomBytes(18).toString("base64url");
    const serverUrl = previewServerUrl(database.kind);
    const dir = input.socket || !serverUrl ? freshDir("db", runId, stepId) : null;
    if (!serverUrl) {
      // The portal runs on its embedded database: an embedded PostgreSQL for this environment.
      if (input.template)
        throw new Error(
          "a template database needs a PostgreSQL server (PORTOLAN_PREVIEW_DATABASE_URL); the embedded preview database is seeded from a SQL file",
        );
      const port = await allocatePort();
      const resources: Resources = { mode: "embedded", name, password, port, dir: dir! };
      await setResources(resources);
      await setResources({ ...resources, ...(await startEmbedded(database, runId, stepId, resources, seedFile, say)) });
      return { database: "postgres", user: "preview", mode: "embedded", socketDir: dir };
    }
    const { host, port } = serverAddress(serverUrl);
    const resources: Resources = { mode: "server", name, password, server: `${host}:${port}`, ...(dir ? { dir } : {}) };
    await setResources(resources);
    await createPreviewDatabase({ serverUrl, name, password, template: input.template, seedFile, log: say });
    if (dir) {
      if (host.startsWith("/"))
        throw new Error("the container socket needs a server reached over TCP (host:port in the URL)");
      await setResources({ ...resources, ...(await startProxy(database, runId, stepId, resources, say)) });
    }
    return { database: name, user: name, mode: "server", socketDir: dir };
  },
  revealSecrets: async ({ resources, database }) =>
    resources?.password ? connectionStrings(database.kind, resources as unknown as Resources) : {},
  // Asleep: its process (the embedded server, or the socket's proxy) stopped; the data stays.
  sleep: async ({ resources, log }) => stopHelper((resources ?? {}) as Partial<Resources>, log),
  wake: async ({ resources, runId, stepId, database, log, setResources }) => {
    const r = (resources ?? {}) as Resources;
    // Nothing of its own runs (server mode without a socket), or it still runs.
    if (!r.dir || (r.mode === "server" && !r.server) || isRecordedAlive(resources)) return;
    const say: Say = (line, level = "info") => void log(line, level).catch(() => {});
    if (r.mode === "embedded") {
      // The same port when it is free, so the connection string stays; else a new one (rendered anew for later steps).
      const woken: Resources = { ...r, port: (await portIfFree(Number(r.port))) ?? (await allocatePort()) };
      await setResources({ ...woken, ...(await startEmbedded(database, runId, stepId, woken, null, say)) });
    } else await setResources({ ...r, ...(await startProxy(database, runId, stepId, r, say)) });
  },
  teardown: async ({ resources, log, database }) => {
    const r = (resources ?? {}) as Partial<Resources>;
    await stopHelper(r, log);
    if (r.mode === "server" && r.name) {
      await dropPreviewDatabase(configuredServer(database.kind, r), r.name);
      await log(`dropped database ${r.name}`);
    }
    if (removeInside(r.dir)) await log("removed the database directory");
  },
});
