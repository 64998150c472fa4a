// The egress policy over real connections to local servers: what is refused never gets a
// connection, what is allowlisted does, and a name is judged by the address it is connected to.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { egressFetch } from "./fetch";
import { EgressRefusedError, type Lookup } from "./policy";

type Server = { port: number; connections: number; url: string; close: () => Promise<void> };

async function serve(handler: http.RequestListener): Promise<Server> {
  const server = http.createServer(handler);
  const state = { connections: 0 };
  server.on("connection", () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    get connections() {
      return state.connections;
    },
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r())),
  } as Server;
}

const saved = process.env.PORTOLAN_EGRESS_ALLOW;
const env = (allow?: string) => ({ ...process.env, PORTOLAN_EGRESS_ALLOW: allow ?? "" });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as Error,
  );

describe("egressFetch", () => {
  let secret: Server;
  let redirector: Server;
  let hanging: Server;
  beforeAll(async () => {
    secret = await serve((_req, res) => res.end("internal secret"));
    redirector = await serve((req, res) => res.writeHead(302, { location: `${secret.url}/from-redirect` }).end());
    hanging = await serve(() => {});
  });
  afterAll(async () => {
    await Promise.all([secret.close(), redirector.close(), hanging.close()]);
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.PORTOLAN_EGRESS_ALLOW;
    else process.env.PORTOLAN_EGRESS_ALLOW = saved;
  });

  it("refuses loopback with the reason and how to allow it; no connection is made", async () => {
    const before = secret.connections;
    const error = await failure(egressFetch(`${secret.url}/`, { timeoutMs: 5000, egress: { env: env() } }));
    expect(error).toBeInstanceOf(EgressRefusedError);
    expect(error!.message).toBe(
      `refused by the egress policy: 127.0.0.1 is loopback; an admin can allow it with PORTOLAN_EGRESS_ALLOW=127.0.0.1:${secret.port}`,
    );
    expect(secret.connections).toBe(before);
  });

  it("lets an allowlisted address and port through, and only that port", async () => {
    const response = await egressFetch(`${secret.url}/`, {
      timeoutMs: 5000,
      egress: { env: env(`127.0.0.1:${secret.port}`) },
    });
    expect(await response.text()).toBe("internal secret");
    expect(
      await failure(
        egressFetch(`${redirector.url}/`, { timeoutMs: 5000, egress: { env: env(`127.0.0.1:${secret.port}`) } }),
      ),
    ).toBeInstanceOf(EgressRefusedError);
    // The process-wide setting is what the app reads by default.
    process.env.PORTOLAN_EGRESS_ALLOW = `127.0.0.0/8`;
    expect((await egressFetch(`${redirector.url}/`, { timeoutMs: 5000 })).status).toBe(302);
  });

  it("refuses a name that resolves to loopback (localhost), judged after resolution", async () => {
    const error = await failure(
      egressFetch(`http://localhost:${secret.port}/`, { timeoutMs: 5000, egress: { env: env() } }),
    );
    expect(error).toBeInstanceOf(EgressRefusedError);
    expect(error!.message).toMatch(
      new RegExp(
        `^refused by the egress policy: localhost resolves to (127\\.0\\.0\\.1|::1), which is loopback; an admin can allow it with PORTOLAN_EGRESS_ALLOW=localhost:${secret.port}$`,
      ),
    );
  });

  it("refuses made-up names that resolve to loopback or the metadata service, and a mixed answer", async () => {
    const lookup: Lookup = async (host) =>
      ({
        "rebind.example.test": [{ address: "127.0.0.1", family: 4 }],
        "metadata.example.test": [{ address: "169.254.169.254", family: 4 }],
        "mixed.example.test": [
          { address: "93.184.216.34", family: 4 },
          { address: "127.0.0.1", family: 4 },
        ],
        "ula.example.test": [{ address: "fd00:ec2::254", family: 6 }],
      })[host] ?? [];
    const before = secret.connections;
    for (const [host, reason] of [
      ["rebind.example.test", "resolves to 127.0.0.1, which is loopback"],
      ["metadata.example.test", "resolves to 169.254.169.254, which is the cloud metadata service"],
      ["mixed.example.test", "resolves to 127.0.0.1, which is loopback"],
      ["ula.example.test", "resolves to fd00:ec2::254, which is the cloud metadata service"],
    ]) {
      const error = await failure(
        egressFetch(`http://${host}:${secret.port}/latest/meta-data/`, {
          timeoutMs: 5000,
          egress: { env: env(), lookup },
        }),
      );
      expect(error, host).toBeInstanceOf(EgressRefusedError);
      expect(error!.message).toContain(`${host} ${reason}`);
    }
    expect(secret.connections).toBe(before);
  });

  it("connects to exactly the address it checked: one resolution per connection, no second lookup to rebind", async () => {
    let lookups = 0;
    // A rebinding resolver: the allowlisted address when first asked, an unroutable one after.
    const lookup: Lookup = async () =>
      lookups++ === 0 ? [{ address: "127.0.0.1", family: 4 }] : [{ address: "10.255.255.1", family: 4 }];
    const response = await egressFetch(`http://hooks.internal.test:${secret.port}/`, {
      timeoutMs: 5000,
      egress: { env: env(`127.0.0.1:${secret.port}`), lookup },
    });
    expect(await response.text()).toBe("internal secret");
    expect(lookups).toBe(1);

    // The other way round: public when checked, loopback after — the loopback connection never happens.
    let calls = 0;
    const rebinding: Lookup = async () =>
      calls++ === 0 ? [{ address: "192.88.98.1", family: 4 }] : [{ address: "127.0.0.1", family: 4 }];
    const before = secret.connections;
    await failure(
      egressFetch(`http://rebind.example.test:${secret.port}/`, {
        timeoutMs: 1000,
        egress: { env: env(), lookup: rebinding },
      }),
    );
    expect(calls).toBe(1);
    expect(secret.connections).toBe(before);
  });

  it("refuses IPv4-mapped IPv6 and the unspecified address as literals", async () => {
    for (const url of [
      `http://[::ffff:127.0.0.1]:${secret.port}/`,
      `http://0.0.0.0:${secret.port}/`,
      `http://[::1]:${secret.port}/`,
      `http://2130706433:${secret.port}/`,
    ]) {
      expect(await failure(egressFetch(url, { timeoutMs: 5000, egress: { env: env() } })), url).toBeInstanceOf(
        EgressRefusedError,
      );
    }
  });

  it("does not follow redirects by default; following one re-checks the next hop", async () => {
    const allowRedirector = env(`127.0.0.1:${redirector.port}`);
    const manual = await egressFetch(`${redirector.url}/`, { timeoutMs: 5000, egress: { env: allowRedirector } });
    expect(manual.status).toBe(302);
    const before = secret.connections;
    const error = await failure(
      egressFetch(`${redirector.url}/`, { timeoutMs: 5000, redirect: "follow", egress: { env: allowRedirector } }),
    );
    expect(error).toBeInstanceOf(EgressRefusedError);
    expect(error!.message).toContain(
      `127.0.0.1 is loopback; an admin can allow it with PORTOLAN_EGRESS_ALLOW=127.0.0.1:${secret.port}`,
    );
    expect(secret.connections).toBe(before);
  });

  it("gives up after the timeout", async () => {
    const error = await failure(
      egressFetch(`${hanging.url}/`, { timeoutMs: 200, egress: { env: env(`127.0.0.1:${hanging.port}`) } }),
    );
    expect(error?.name).toBe("TimeoutError");
  });

  it("fetches only http and https", async () => {
    expect((await failure(egressFetch("file:///etc/passwd", { timeoutMs: 1000 })))?.message).toContain(
      "only http and https",
    );
  });
});
