import { describe, expect, it, vi } from "vitest";
import { readProbeConfig } from "@/lib/health/probe-config";
import { readGithubConfig } from "@/lib/github/config";
import { heartbeatTimeoutMs } from "@/lib/provisioning/engine";
import { checkSettings, readNumber, SETTINGS, SettingError, type NumberSetting } from "./settings";

const env = (vars: Record<string, string> = {}) => vars as NodeJS.ProcessEnv;
const clamp: NumberSetting = { name: "TEST_CLAMP", default: 60, min: 5, max: 600, outOfRange: "clamp", unit: "s" };
const refuse: NumberSetting = {
  name: "TEST_REFUSE",
  default: 10,
  min: 1,
  max: 100,
  integer: true,
  outOfRange: "refuse",
  off: 0,
};

describe("numeric settings", () => {
  it("unset or empty gives the default; a value in range is used as it is", () => {
    expect(readNumber(clamp, env({}))).toBe(60);
    expect(readNumber(clamp, env({ TEST_CLAMP: " " }))).toBe(60);
    expect(readNumber(clamp, env({ TEST_CLAMP: "5" }))).toBe(5);
    expect(readNumber(clamp, env({ TEST_CLAMP: "7.5" }))).toBe(7.5);
    expect(readNumber(refuse, env({ TEST_REFUSE: "0" }))).toBe(0);
  });

  it("clamps out of range to the nearest limit and warns once per value, naming variable, value and range", () => {
    const warn = vi.fn();
    expect(readNumber(clamp, env({ TEST_CLAMP: "2" }), warn)).toBe(5);
    expect(readNumber(clamp, env({ TEST_CLAMP: "2" }), warn)).toBe(5);
    expect(readNumber(clamp, env({ TEST_CLAMP: "9000" }), warn)).toBe(600);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0][0]).toBe("TEST_CLAMP=2 is below its minimum; using 5 (allowed: 5–600 s).");
    expect(warn.mock.calls[1][0]).toContain("above its maximum; using 600");
  });

  it("refuses out of range, fractions of whole numbers and anything that is not a number, with what is allowed", () => {
    expect(() => readNumber(refuse, env({ TEST_REFUSE: "101" }))).toThrow(
      new SettingError("TEST_REFUSE=101 is out of range; allowed: 1–100 (or 0: off)."),
    );
    expect(() => readNumber(refuse, env({ TEST_REFUSE: "2.5" }))).toThrow(/not a whole number/);
    // Not a number is never guessed, even for a clamped setting.
    expect(() => readNumber(clamp, env({ TEST_CLAMP: "6o" }))).toThrow(
      'TEST_CLAMP="6o" is not a number; allowed: 5–600 s.',
    );
  });

  it("HEALTH_PROBE_INTERVAL below its minimum becomes the minimum, not 60 s", () => {
    expect(readProbeConfig(env({ HEALTH_PROBE_INTERVAL: "2" })).intervalSeconds).toBe(5);
    expect(readProbeConfig(env({ HEALTH_PROBE_INTERVAL: "30" })).intervalSeconds).toBe(30);
    expect(readProbeConfig(env({})).intervalSeconds).toBe(60);
    expect(readProbeConfig(env({ HEALTH_PROBE_CONCURRENCY: "0" })).concurrency).toBe(1);
  });

  it("every reader goes through it", () => {
    expect(readGithubConfig(env({ GITHUB_CONCURRENCY: "50" })).concurrency).toBe(8);
    expect(() => readGithubConfig(env({ GITHUB_CONCURRENCY: "lots" }))).toThrow(/GITHUB_CONCURRENCY/);
    expect(() => heartbeatTimeoutMs(env({ PORTOLAN_RUN_HEARTBEAT_TIMEOUT_SECONDS: "1" }))).toThrow(
      /PORTOLAN_RUN_HEARTBEAT_TIMEOUT_SECONDS=1 is out of range; allowed: 2–3600 s/,
    );
    expect(heartbeatTimeoutMs(env({}))).toBe(30_000);
  });

  it("checkSettings at start lists every refused value in one message and passes a good configuration", () => {
    expect(() => checkSettings(env({}))).not.toThrow();
    expect(() => checkSettings(env({ PG_POOL_MAX: "0", PORT: "http", HEALTH_PROBE_INTERVAL: "1" }))).toThrow(
      /PG_POOL_MAX=0 is out of range.*PORT="http" is not a whole number/,
    );
  });

  it("every setting's default lies in its range", () => {
    for (const s of Object.values(SETTINGS) as NumberSetting[]) {
      if (s.name === "GITHUB_APP_INSTALLATION_ID") continue; // no default: read only when set
      expect(s.default >= s.min && s.default <= s.max, s.name).toBe(true);
    }
  });
});
