// The fetch under octokit: the configured GitHub API's own host and port are allowed (a GHES or a
// test server on an internal address), nothing else internal is — not even through a redirect — and
// no request waits forever.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EgressRefusedError } from "@/lib/egress";
import { githubFetch } from "./http-cache";

async function serve(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(r)),
  };
}

describe("githubFetch", () => {
  let github: Awaited<ReturnType<typeof serve>>;
  let internal: Awaited<ReturnType<typeof serve>>;
  let slow: Awaited<ReturnType<typeof serve>>;
  const saved = process.env.PORTOLAN_EGRESS_ALLOW;
  beforeAll(async () => {
    delete process.env.PORTOLAN_EGRESS_ALLOW;
    internal = await serve((_req, res) => res.end("internal"));
    github = await serve((req, res) =>
      req.url === "/moved"
        ? res.writeHead(301, { location: `${internal.url}/` }).end()
        : res.end('{"login":"octocat"}'),
    );
    slow = await serve(() => {});
  });
  afterAll(async () => {
    if (saved !== undefined) process.env.PORTOLAN_EGRESS_ALLOW = saved;
    await Promise.all([github.close(), internal.close(), slow.close()]);
  });

  it("reaches the configured API on loopback, and nothing else there", async () => {
    const fetchGithub = githubFetch(`${github.url}/api/v3`);
    expect(await (await fetchGithub(`${github.url}/api/v3/user`)).json()).toEqual({ login: "octocat" });
    await expect(fetchGithub(`${internal.url}/`)).rejects.toBeInstanceOf(EgressRefusedError);
    await expect(fetchGithub(`${github.url}/moved`)).rejects.toThrow(
      /refused by the egress policy: 127\.0\.0\.1 is loopback/,
    );
  });

  it("times out", async () => {
    await expect(githubFetch(slow.url, 200)(`${slow.url}/`)).rejects.toMatchObject({ name: "TimeoutError" });
  });
});
