// Acme Travel's payments service, as the Portolan demo ships it: a page, a JSON endpoint and a health
// check, over the database the preview gave it (DATABASE_URL). No dependencies: `node server.mjs`.
import http from "node:http";
import { query } from "./pg-mini.mjs";

const port = Number(process.env.PORT) || 8080;
const host = process.env.HOST || "127.0.0.1";
const databaseUrl = process.env.DATABASE_URL;
const escape = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
process.stdout.on("error", () => {});
process.stderr.on("error", () => {});

async function payments() {
  if (!databaseUrl) return [];
  return query(databaseUrl, "select id, booking, amount_cents, currency, status from payments order by id");
}

const money = (p) => `${(Number(p.amount_cents) / 100).toFixed(2)} ${p.currency}`;

const server = http.createServer(async (request, response) => {
  try {
    if (request.url === "/health") {
      response.writeHead(200, { "content-type": "application/json" });
      return response.end(JSON.stringify({ status: "ok" }));
    }
    if (request.url === "/api/payments") {
      const rows = await payments();
      response.writeHead(200, { "content-type": "application/json" });
      return response.end(JSON.stringify({ items: rows.map((p) => ({ ...p, amount_cents: Number(p.amount_cents) })) }));
    }
    if (request.url === "/") {
      const rows = await payments();
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Payments</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem}td,th{padding:.2rem .8rem;text-align:left}</style></head>
<body><h1>Payments</h1><p>${rows.length} payments in this preview's own database.</p>
<table><tr><th>Booking</th><th>Amount</th><th>Status</th></tr>
${rows.map((p) => `<tr><td>${escape(p.booking)}</td><td>${escape(money(p))}</td><td>${escape(p.status)}</td></tr>`).join("\n")}
</table></body></html>`);
    }
    response.writeHead(404, { "content-type": "text/plain" });
    response.end("not found");
  } catch (error) {
    console.error(`request failed: ${error.message}`);
    response.writeHead(500, { "content-type": "text/plain" });
    response.end(`database error: ${error.message}`);
  }
});

server.listen(port, host, () => console.log(`payments service listening on ${host}:${port}`));
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => server.close(() => process.exit(0)));
