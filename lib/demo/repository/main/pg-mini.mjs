// A tiny PostgreSQL client (simple query protocol; trust, password, md5 and SCRAM-SHA-256 sign-in;
// TCP or a unix socket via ?host=/dir), so this demo service needs no npm install.
import crypto from "node:crypto";
import net from "node:net";

function parseUrl(text) {
  const url = new URL(text);
  const socketDir = url.searchParams.get("host");
  return {
    user: decodeURIComponent(url.username || "postgres"),
    password: decodeURIComponent(url.password || ""),
    database: decodeURIComponent(url.pathname.slice(1) || url.username || "postgres"),
    path: socketDir?.startsWith("/") ? `${socketDir}/.s.PGSQL.${url.port || 5432}` : null,
    host: url.hostname || "127.0.0.1",
    port: Number(url.port) || 5432,
  };
}

const int32 = (n) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const msg = (type, body) => Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
const cstr = (s) => Buffer.from(`${s}\0`);

export async function query(connectionString, sql) {
  const c = parseUrl(connectionString);
  const socket = c.path ? net.connect(c.path) : net.connect(c.port, c.host);
  let buffer = Buffer.alloc(0);
  let waiting = null;
  const messages = [];
  socket.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 5 && buffer.length >= buffer.readInt32BE(1) + 1) {
      const length = buffer.readInt32BE(1);
      messages.push({ type: String.fromCharCode(buffer[0]), body: buffer.subarray(5, length + 1) });
      buffer = buffer.subarray(length + 1);
    }
    if (waiting && messages.length) waiting();
  });
  const failed = new Promise((_, reject) => {
    socket.on("error", reject);
    socket.on("close", () => reject(new Error("the database closed the connection")));
  });
  failed.catch(() => {});
  const next = async () => {
    while (!messages.length) await Promise.race([new Promise((r) => (waiting = r)), failed]);
    const m = messages.shift();
    if (m.type === "E") {
      const fields = m.body.toString().split("\0");
      throw new Error(fields.find((f) => f.startsWith("M"))?.slice(1) ?? "database error");
    }
    return m;
  };
  await Promise.race([new Promise((r) => socket.once("connect", r)), failed]);
  const params = Buffer.concat([cstr("user"), cstr(c.user), cstr("database"), cstr(c.database), Buffer.from([0])]);
  socket.write(Buffer.concat([int32(params.length + 8), int32(196608), params]));
  try {
    let scram = null;
    for (;;) {
      const m = await next();
      if (m.type === "Z") break;
      if (m.type !== "R") continue;
      const kind = m.body.readInt32BE(0);
      if (kind === 3) socket.write(msg("p", cstr(c.password)));
      if (kind === 5) {
        const inner = crypto
          .createHash("md5")
          .update(c.password + c.user)
          .digest("hex");
        const outer = crypto
          .createHash("md5")
          .update(Buffer.concat([Buffer.from(inner), m.body.subarray(4, 8)]))
          .digest("hex");
        socket.write(msg("p", cstr(`md5${outer}`)));
      }
      if (kind === 10) {
        const nonce = crypto.randomBytes(18).toString("base64");
        scram = { nonce, first: `n=*,r=${nonce}` };
        const data = Buffer.from(`n,,${scram.first}`);
        socket.write(msg("p", Buffer.concat([cstr("SCRAM-SHA-256"), int32(data.length), data])));
      }
      if (kind === 11) {
        const server = m.body.subarray(4).toString();
        const attrs = Object.fromEntries(server.split(",").map((p) => [p[0], p.slice(2)]));
        const salted = crypto.pbkdf2Sync(c.password, Buffer.from(attrs.s, "base64"), Number(attrs.i), 32, "sha256");
        const hmac = (key, text) => crypto.createHmac("sha256", key).update(text).digest();
        const clientKey = hmac(salted, "Client Key");
        const stored = crypto.createHash("sha256").update(clientKey).digest();
        const final = `c=biws,r=${attrs.r}`;
        const signature = hmac(stored, `${scram.first},${server},${final}`);
        const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i])).toString("base64");
        socket.write(msg("p", Buffer.from(`${final},p=${proof}`)));
      }
    }
    socket.write(msg("Q", cstr(sql)));
    let columns = [];
    const rows = [];
    for (;;) {
      const m = await next();
      if (m.type === "T") {
        const count = m.body.readInt16BE(0);
        let offset = 2;
        columns = [];
        for (let i = 0; i < count; i++) {
          const end = m.body.indexOf(0, offset);
          columns.push(m.body.subarray(offset, end).toString());
          offset = end + 19;
        }
      } else if (m.type === "D") {
        const count = m.body.readInt16BE(0);
        let offset = 2;
        const row = {};
        for (let i = 0; i < count; i++) {
          const length = m.body.readInt32BE(offset);
          offset += 4;
          row[columns[i]] = length < 0 ? null : m.body.subarray(offset, offset + length).toString();
          offset += Math.max(length, 0);
        }
        rows.push(row);
      } else if (m.type === "Z") break;
    }
    return rows;
  } finally {
    socket.end(msg("X", Buffer.alloc(0)));
  }
}
