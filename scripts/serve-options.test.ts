import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
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

describe("the launcher", () => {
  it("keeps the password-less development sign-in on loopback unless a host is given", () => {
    expect(listenOptions({ PORTOLAN_DEV_LOGIN: "true" })).toEqual({
      port: 3000,
      host: "127.0.0.1",
      devLogin: true,
      explicitHost: false,
    });
    expect(listenOptions({ PORTOLAN_DEV_LOGIN: "true", PORTOLAN_HOST: "0.0.0.0", PORT: "8080" })).toMatchObject({
      port: 8080,
      host: "0.0.0.0",
      explicitHost: true,
    });
    expect(listenOptions({ PORTOLAN_DEV_LOGIN: "true", HOSTNAME: "10.1.2.3" })).toMatchObject({ host: "10.1.2.3" });
  });

  it("listens on every interface without the development sign-in", () => {
    expect(listenOptions({})).toEqual({ port: 3000, host: undefined, devLogin: false, explicitHost: false });
    expect(listenOptions({ PORTOLAN_DEV_LOGIN: "1" })).toMatchObject({ host: undefined, devLogin: false });
    expect(listenOptions({ PORTOLAN_HOST: "::1" })).toMatchObject({ host: "::1" });
  });

  it("refuses a port that is not one", () => {
    expect(() => listenOptions({ PORT: "80a" })).toThrow(/PORT/);
    expect(() => listenOptions({ PORT: "70000" })).toThrow(/PORT/);
  });

  it("warns loudly, and louder when the development sign-in is reachable from other machines", () => {
    expect(devLoginWarning({ host: "127.0.0.1", explicitHost: false })).toMatch(
      /development sign-in is ON[\s\S]*Listening on 127\.0\.0\.1 only/,
    );
    expect(devLoginWarning({ host: "0.0.0.0", explicitHost: true })).toMatch(/DANGER: listening on 0\.0\.0\.0/);
  });

  it("names a trusted-proxy entry that is not an address or CIDR", () => {
    expect(invalidTrustedProxy("10.0.0.0/8, 192.168.1.5, fd00::/8")).toBeNull();
    expect(invalidTrustedProxy(undefined)).toBeNull();
    expect(invalidTrustedProxy("10.0.0.0/8,proxy.local")).toBe("proxy.local");
    expect(invalidTrustedProxy("10.0.0.0/40")).toBe("10.0.0.0/40");
  });

  it("runs a worker per CPU (at most 4) on real Postgres, one on the embedded database", () => {
    const postgres = { DATABASE_URL: "postgres://db/portolan" };
    expect(workerCount(postgres, 2)).toBe(2);
    expect(workerCount(postgres, 32)).toBe(4);
    expect(workerCount(postgres, 1)).toBe(1);
    expect(workerCount({}, 8)).toBe(1);
    expect(workerCount({ DATABASE_URL: "" }, 8)).toBe(1);
    expect(workerCount({ ...postgres, PORTOLAN_WORKERS: " 3 " }, 2)).toBe(3);
    expect(workerCount({ PORTOLAN_WORKERS: "1" }, 8)).toBe(1);
    expect(workerCount({ ...postgres, PORTOLAN_WORKERS: "" }, 2)).toBe(2);
  });

  it("refuses a worker count that is not a whole number from 1 to 16, and several on the embedded database", () => {
    const postgres = { DATABASE_URL: "postgres://db/portolan" };
    for (const bad of ["0", "-1", "1.5", "two", "17", "2e1"])
      expect(() => workerCount({ ...postgres, PORTOLAN_WORKERS: bad }, 2)).toThrow(/^PORTOLAN_WORKERS=.*allowed: 1–16/);
    expect(() => workerCount({ PORTOLAN_WORKERS: "2" }, 2)).toThrow(/embedded database belongs to one process/);
  });

  it("refuses session limits that are not positive numbers", () => {
    expect(invalidNumberSetting({ PORTOLAN_SESSION_IDLE_MINUTES: "30", PORTOLAN_SESSION_MAX_HOURS: "0.5" })).toBeNull();
    expect(invalidNumberSetting({ PORTOLAN_SESSION_MAX_HOURS: "forever" })).toMatch(/PORTOLAN_SESSION_MAX_HOURS/);
    expect(invalidNumberSetting({ PORTOLAN_SESSION_IDLE_MINUTES: "-5" })).toMatch(/PORTOLAN_SESSION_IDLE_MINUTES/);
  });

  it("replaces a client's peer header with the socket's address", () => {
    const req = {
      headers: { "x-portolan-peer": "6.6.6.6", host: "x" },
      socket: { remoteAddress: "::ffff:127.0.0.1" },
    } as unknown as IncomingMessage;
    stampPeer(req);
    expect(req.headers["x-portolan-peer"]).toBe("::ffff:127.0.0.1");
  });

  it("answers a malformed %-escape or a NUL anywhere in the address with the API's 400 body", () => {
    const malformed = [
      "/api/v1/entities/component/default/%E0%A4%A",
      "/api/v1/runs/%00",
      "/api/v1/entities?q=%00",
      "/api/v1/entities?%00=x",
    ];
    // A query string is decoded leniently (a stray % stays a %), as Next decodes it.
    const fine = ["/api/health", "/api/v1/entities/component/default/%25", "/api/v1/entities?q=%FF%FE", "/api/x?y=%"];
    expect([...malformed, ...fine].filter(isMalformedUrl)).toEqual(malformed);
    expect(JSON.parse(malformedUrlJson())).toEqual({
      error: {
        code: "bad_request:url",
        message: "The address contains a malformed %-escape or a NUL character; fix the URL.",
        details: [],
      },
    });
  });
});
