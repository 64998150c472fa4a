#!/usr/bin/env node
// Serves the production build (`npm start`, `npm run demo`) through Next's custom-server API, so the
// portal decides where it listens and the app learns each request's real peer address. Plain ESM
// JavaScript: no TypeScript loader at run time. Next's own request handler is used whole, so
// compression, static files and `next start`'s defaults (Node's keep-alive) are unchanged.
// With PORTOLAN_WORKERS > 1 (the default on real Postgres with several CPUs) this process is the
// primary of Node's cluster and the app runs in its workers (scripts/cluster.mjs).
import cluster from "node:cluster";
import http from "node:http";
import os from "node:os";
import { startPrimary, workerSlot } from "./cluster.mjs";
import {
  devLoginWarning,
  invalidNumberSetting,
  invalidTrustedProxy,
  isMalformedUrl,
  listenOptions,
  malformedUrlJson,
  stampPeer,
  workerCount,
} from "./serve-options.mjs";

function fail(message) {
  console.error(`[portolan] ${message}`);
  process.exit(1);
}

let options;
try {
  options = listenOptions(process.env);
} catch (error) {
  fail(error.message);
}
const badProxy = invalidTrustedProxy(process.env.PORTOLAN_TRUSTED_PROXIES);
if (badProxy)
  fail(`PORTOLAN_TRUSTED_PROXIES: "${badProxy}" is not an address or CIDR (e.g. 10.0.0.0/8, 192.168.1.5, fd00::/8).`);

const badNumber = invalidNumberSetting(process.env);
if (badNumber) fail(badNumber);
let workers = 1;
try {
  workers = workerCount(process.env, os.availableParallelism());
} catch (error) {
  fail(error.message);
}

process.env.NODE_ENV ??= "production";
process.env.PORT = String(options.port);
// Tells lib/http/client-ip.ts that x-portolan-peer comes from here, not from a client.
process.env.PORTOLAN_LAUNCHER = "1";
// The app is reached as localhost; next-auth compares origins (see lib/auth/auth-options.ts).
process.env.NEXTAUTH_URL ??= `http://localhost:${options.port}`;

const where = options.host ?? "every interface";
const readyLine = `ready on http://localhost:${options.port} (listening on ${where}:${options.port})`;
// The primary (or the single process) speaks for the launcher; workers keep to their own news.
if (options.devLogin && !cluster.isWorker) console.warn(devLoginWarning(options));

if (workers > 1 && cluster.isPrimary) {
  const launcher = startPrimary({ count: workers });
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    launcher.stop("SIGTERM").then(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  try {
    await launcher.ready;
  } catch (error) {
    fail(`${error.message}: stopped (the worker's own lines above say why).`);
  }
  console.info(`[portolan] ${readyLine}, ${workers} workers (pids ${launcher.pids().join(", ")})`);
} else {
  await serve();
}

async function serve() {
  const { default: next } = await import("next");
  const server = http.createServer();
  const app = next({ dev: false, hostname: "localhost", port: options.port, httpServer: server });
  await app.prepare();
  // In production Next runs instrumentation.ts (database open and migrations, the job queue) on the
  // first request. Run it before listening instead: the launcher forks workers 2…N once worker 1
  // listens, so worker 1 has migrated and started the queue alone. (Next's own server object; should
  // a later Next not have it, the hook runs on the first request as before.)
  const nodeServer = await app.server?.getServer?.();
  await nodeServer?.prepare?.();
  const handle = app.getRequestHandler();

  server.on("request", (req, res) => {
    stampPeer(req);
    // The check proxy.ts makes for pages, made here for the API so Next's proxy stays off its path.
    if (req.url?.startsWith("/api/") && isMalformedUrl(req.url)) {
      res.writeHead(400, { "content-type": "application/json" }).end(malformedUrlJson());
      return;
    }
    handle(req, res).catch((error) => {
      console.error("[portolan] request failed:", error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  server.on("error", (error) =>
    fail(`cannot listen on ${options.host ?? "every interface"}:${options.port}: ${error.message}`),
  );
  server.listen(options.port, options.host, () => {
    if (!cluster.isWorker) console.info(`[portolan] ${readyLine}`);
  });

  // As `next start` does: stop accepting, let requests in flight finish, close Next, exit.
  let stopping = false;
  function stop(signal) {
    if (stopping) return;
    stopping = true;
    const code = signal === "SIGINT" ? 130 : 143;
    setTimeout(() => process.exit(code), 10_000).unref();
    server.close(() => {
      app.close().finally(() => process.exit(code));
    });
  }
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  // A worker whose primary is gone (killed without a chance to stop it) stops too.
  if (cluster.isWorker) process.on("disconnect", () => stop("SIGTERM"));
  if (cluster.isWorker) process.title = `portolan worker ${workerSlot()}`;
}
