// A stand-in for the app under scripts/cluster.mjs (tests: scripts/cluster.test.ts): each worker answers
// with its pid, slot and whether it runs background work; FIXTURE_FAIL_SLOT makes one fail at start.
import cluster from "node:cluster";
import http from "node:http";
import { startPrimary, workerSlot } from "./cluster.mjs";

if (cluster.isPrimary) {
  const launcher = startPrimary({
    count: Number(process.env.FIXTURE_WORKERS ?? 2),
    restart: { firstMs: 50, maxMs: 200, stableMs: 60_000 },
    graceMs: 5_000,
  });
  const stop = (signal) => launcher.stop("SIGTERM").then(() => process.exit(signal === "SIGINT" ? 130 : 143));
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  try {
    const { address } = await launcher.ready;
    console.info(`[portolan] ready on port ${address.port} (pids ${launcher.pids().join(", ")})`);
  } catch (error) {
    console.error(`[portolan] ${error.message}`);
    process.exit(1);
  }
} else {
  if (process.env.FIXTURE_FAIL_SLOT === String(workerSlot())) {
    console.error("fixture: refusing to start");
    process.exit(3);
  }
  const server = http.createServer((req, res) => {
    if (req.url === "/slow") {
      res.write("started, ");
      setTimeout(() => res.end("finished"), 300);
      return;
    }
    res.setHeader("connection", "close");
    res.end(
      JSON.stringify({ pid: process.pid, slot: workerSlot(), background: process.env.PORTOLAN_WORKER !== "false" }),
    );
  });
  server.listen(0, "127.0.0.1");
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}
