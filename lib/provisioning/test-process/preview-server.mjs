// A stand-in preview server for the process tests: a page naming the service and branch, and /health.
// local:process action with PORT set; arguments arrive as an array (--service X --branch Y).
// It listens on loopback only (HOST overrides it, e.g. HOST=0.0.0.0 to serve other machines).
import http from "node:http";

const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? (args[index + 1] ?? "") : "";
};
const service = option("service") || "unknown service";
const branch = option("branch") || "main";
const port = Number(process.env.PORT) || 0;
const host = process.env.HOST || "127.0.0.1";
const startedAt = new Date();
const escape = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

// A worker that dies leaves our pipes closed; keep serving instead of crashing on EPIPE.
process.stdout.on("error", () => {});
process.stderr.on("error", () => {});

const server = http.createServer((request, response) => {
  if (request.url === "/health") {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ status: "ok", service, branch, startedAt }));
    return;
  }
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Preview: ${escape(service)} @ ${escape(branch)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#111}code{background:#eee;padding:.1rem .3rem;border-radius:.2rem}</style></head>
<body><h1>Preview of ${escape(service)}</h1><p>Branch <code>${escape(branch)}</code>, started ${escape(startedAt.toISOString())}.</p>
<p>This is Portolan's built-in local preview server.</p></body></html>`);
});

server.listen(port, host, () =>
  console.log(`preview of ${service} @ ${branch} listening on ${host}:${server.address().port}`),
);
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => server.close(() => process.exit(0)));
