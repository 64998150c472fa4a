// A preview's database endpoint, run by the postgres:database action as a process of its own (it
// outlives a restart of the portal, like local previews, and carries the portal's process marker).
//
//   pglite --dir D --port N --socket S [--seed FILE] [--template PRISTINE_DIR]
//     An embedded PostgreSQL (PGlite) for one environment, for a portal on its embedded database with
//     no server to create databases on: seeded from FILE once, served over the wire protocol on
//     127.0.0.1:N and the unix socket S, one connection at a time (PGlite is single-session).
//   proxy --socket S --target HOST:PORT --user U --database D
//     A unix socket a container mounts, forwarding to the database server — but only connections for
//     its own role and database: the startup message is checked before a byte reaches the server.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

const args = process.argv.slice(2);
const mode = args[0];
const option = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
process.stdout.on("error", () => {});
process.stderr.on("error", () => {});

const SSL_REQUEST = 80877103;
const PROTOCOL_3 = 196608;

/** Reads the startup packet (answering SSL requests with "no"); resolves { raw, params } or null. */
function readStartup(socket) {
  return new Promise((resolve) => {
    let buffer = Buffer.alloc(0);
    const onData = (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 8) {
        const length = buffer.readInt32BE(0);
        if (length < 8 || length > 10_000) return done(null);
        if (buffer.length < length) return;
        const packet = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        const code = packet.readInt32BE(4);
        if (code === SSL_REQUEST) {
          socket.write("N");
          continue;
        }
        if (code !== PROTOCOL_3) return done(null);
        const parts = packet.subarray(8).toString("utf8").split("\0");
        const params = {};
        for (let i = 0; i + 1 < parts.length; i += 2) if (parts[i]) params[parts[i]] = parts[i + 1];
        return done({ raw: packet, params, rest: buffer });
      }
    };
    const done = (value) => {
      socket.off("data", onData);
      socket.pause();
      if (!value) socket.destroy();
      resolve(value);
    };
    socket.on("data", onData);
    socket.on("error", () => done(null));
  });
}

function message(type, body) {
  const header = Buffer.alloc(5);
  header.write(type, 0, "latin1");
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}
const cstring = (text) => Buffer.from(`${text}\0`, "utf8");
function errorResponse(code, text) {
  return message(
    "E",
    Buffer.concat([cstring("SFATAL"), cstring("VFATAL"), cstring(`C${code}`), cstring(`M${text}`), Buffer.from([0])]),
  );
}

function listen(server, { port, socket }) {
  const done = [];
  if (socket) {
    fs.rmSync(socket, { force: true });
    done.push(new Promise((resolve) => server.listen(socket, () => (fs.chmodSync(socket, 0o777), resolve()))));
  }
  if (port) {
    const second = net.createServer(server.listeners("connection")[0]);
    done.push(new Promise((resolve) => second.listen(Number(port), "127.0.0.1", resolve)));
  }
  return Promise.all(done);
}

async function runPglite() {
  const { PGlite } = await import("@electric-sql/pglite");
  const dir = option("dir");
  const fresh = !fs.existsSync(path.join(dir, "PG_VERSION"));
  // A new PGlite data directory takes seconds to initialise; copying a pristine one made once
  // (--template) takes a fraction of that.
  const template = option("template");
  if (fresh && template) {
    if (!fs.existsSync(path.join(template, "PG_VERSION"))) {
      const building = `${template}.${process.pid}`;
      fs.mkdirSync(building, { recursive: true });
      const pristine = await PGlite.create(building);
      await pristine.close();
      try {
        fs.renameSync(building, template);
      } catch {
        fs.rmSync(building, { recursive: true, force: true }); // another preview made it first
      }
    }
    fs.cpSync(template, dir, { recursive: true });
  }
  fs.mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir);
  const seed = option("seed");
  if (fresh && seed) {
    await db.exec(fs.readFileSync(seed, "utf8"));
    console.log(`seeded from ${path.basename(seed)}`);
  }
  let queue = Promise.resolve();
  const server = net.createServer((socket) => {
    socket.on("error", () => {});
    // One session at a time: the next connection waits until this one ends.
    queue = queue.then(
      () =>
        new Promise((release) => {
          if (socket.destroyed) return release();
          serve(socket).finally(async () => {
            await db.exec("ROLLBACK").catch(() => {});
            release();
          });
        }),
    );
  });
  async function serve(socket) {
    const startup = await readStartup(socket);
    if (!startup) return;
    const status = (k, v) => message("S", Buffer.concat([cstring(k), cstring(v)]));
    const key = Buffer.alloc(8);
    key.writeInt32BE(process.pid, 0);
    socket.write(
      Buffer.concat([
        message("R", Buffer.from([0, 0, 0, 0])),
        status("server_version", "16.0 (PGlite)"),
        status("server_encoding", "UTF8"),
        status("client_encoding", "UTF8"),
        status("DateStyle", "ISO, MDY"),
        status("integer_datetimes", "on"),
        status("standard_conforming_strings", "on"),
        status("TimeZone", "UTC"),
        message("K", key),
        message("Z", Buffer.from("I")),
      ]),
    );
    let buffer = startup.rest;
    return new Promise((resolve) => {
      let working = Promise.resolve();
      const drain = () => {
        const batch = [];
        while (buffer.length >= 5) {
          const length = buffer.readInt32BE(1);
          if (buffer.length < length + 1) break;
          const one = buffer.subarray(0, length + 1);
          buffer = buffer.subarray(length + 1);
          if (one[0] === 0x58) {
            socket.end();
            break;
          }
          batch.push(one);
        }
        if (!batch.length) return;
        const data = Buffer.concat(batch);
        working = working.then(async () => {
          try {
            const result = await db.execProtocolRaw(new Uint8Array(data));
            if (!socket.destroyed) socket.write(Buffer.from(result));
          } catch (error) {
            socket.end(errorResponse("XX000", String(error?.message ?? error)));
          }
        });
      };
      socket.on("data", (chunk) => {
        buffer = Buffer.concat([buffer, chunk]);
        drain();
      });
      socket.resume();
      drain();
      socket.on("close", () => working.then(resolve));
    });
  }
  await listen(server, { port: option("port"), socket: option("socket") });
  console.log(`embedded preview database listening on 127.0.0.1:${option("port")}`);
  const stop = () => server.close(() => db.close().finally(() => process.exit(0)));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

async function runProxy() {
  const [host, port] = option("target").split(/:(?=\d+$)/);
  const user = option("user");
  const database = option("database");
  const server = net.createServer(async (client) => {
    client.on("error", () => {});
    const startup = await readStartup(client);
    if (!startup) return;
    const wantedDb = startup.params.database || startup.params.user;
    if (startup.params.user !== user || wantedDb !== database) {
      client.end(errorResponse("28000", `this socket serves only database "${database}" as "${user}"`));
      return;
    }
    const upstream = net.connect(Number(port), host, () => {
      upstream.write(startup.raw);
      if (startup.rest.length) upstream.write(startup.rest);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
  });
  await listen(server, { socket: option("socket") });
  console.log(`database socket for ${database} ready`);
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (mode === "pglite") await runPglite();
else if (mode === "proxy") await runProxy();
else {
  console.error("usage: preview-database.mjs pglite|proxy …");
  process.exit(2);
}
