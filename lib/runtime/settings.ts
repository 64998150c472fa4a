// Numeric settings from the environment, read one way everywhere. Each setting says what an out-of-range
// value does: "clamp" (use the nearest limit, warn once) where any value in range is as good and a
// slip of the finger must not take the portal down; "refuse" (fail at start, naming variable, value and
// range) where a wrong value would quietly break correctness or connectivity. A value that is not a
// number at all is always refused: guessing what "6o" meant is worse than saying so.

export type NumberSetting = {
  name: string;
  default: number;
  min: number;
  max: number;
  integer?: boolean;
  outOfRange: "clamp" | "refuse";
  unit?: string;
  /** A value allowed besides the range (0 = "off"). */
  off?: number;
};

export class SettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingError";
  }
}

const range = (s: NumberSetting) =>
  `${s.min}–${s.max}${s.unit ? ` ${s.unit}` : ""}${s.off !== undefined ? ` (or ${s.off}: off)` : ""}`;

type Holder = { __portolanSettingWarnings?: Set<string> };
const warned = ((globalThis as Holder).__portolanSettingWarnings ??= new Set());

/** Warns once per variable and value, however often the setting is read. */
function warnOnce(key: string, text: string, warn: (text: string) => void) {
  if (warned.has(key)) return;
  warned.add(key);
  warn(text);
}

/** The setting's value from env: its default when unset or empty; clamped or refused when out of range. */
export function readNumber(
  setting: NumberSetting,
  env: NodeJS.ProcessEnv = process.env,
  warn: (text: string) => void = (t) => console.warn(`[portolan] ${t}`),
): number {
  const raw = env[setting.name]?.trim();
  if (raw === undefined || raw === "") return setting.default;
  const value = Number(raw);
  if (!Number.isFinite(value) || (setting.integer && !Number.isInteger(value))) {
    throw new SettingError(
      `${setting.name}=${JSON.stringify(raw)} is not ${setting.integer ? "a whole number" : "a number"}; allowed: ${range(setting)}.`,
    );
  }
  if (setting.off !== undefined && value === setting.off) return value;
  if (value >= setting.min && value <= setting.max) return value;
  if (setting.outOfRange === "refuse")
    throw new SettingError(`${setting.name}=${raw} is out of range; allowed: ${range(setting)}.`);
  const limit = value < setting.min ? setting.min : setting.max;
  warnOnce(
    `${setting.name}=${raw}`,
    `${setting.name}=${raw} is ${value < setting.min ? "below its minimum" : "above its maximum"}; using ${limit} (allowed: ${range(setting)}).`,
    warn,
  );
  return limit;
}

/** Every numeric setting of the portal (README: Configuration). */
export const SETTINGS = {
  healthProbeInterval: {
    name: "HEALTH_PROBE_INTERVAL",
    default: 60,
    min: 5,
    max: 86_400,
    outOfRange: "clamp",
    unit: "s",
  },
  healthProbeTimeoutMs: {
    name: "HEALTH_PROBE_TIMEOUT_MS",
    default: 5000,
    min: 100,
    max: 60_000,
    outOfRange: "clamp",
    unit: "ms",
  },
  healthProbeConcurrency: {
    name: "HEALTH_PROBE_CONCURRENCY",
    default: 8,
    min: 1,
    max: 64,
    integer: true,
    outOfRange: "clamp",
  },
  healthProbeSlowMs: {
    name: "HEALTH_PROBE_SLOW_MS",
    default: 2000,
    min: 1,
    max: 60_000,
    outOfRange: "clamp",
    unit: "ms",
  },
  githubConcurrency: { name: "GITHUB_CONCURRENCY", default: 4, min: 1, max: 8, integer: true, outOfRange: "clamp" },
  githubAppInstallationId: {
    name: "GITHUB_APP_INSTALLATION_ID",
    default: 0,
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    integer: true,
    outOfRange: "refuse",
  },
  runHeartbeatTimeoutSeconds: {
    name: "PORTOLAN_RUN_HEARTBEAT_TIMEOUT_SECONDS",
    default: 30,
    min: 2,
    max: 3600,
    outOfRange: "refuse",
    unit: "s",
  },
  runConcurrency: {
    name: "PORTOLAN_RUN_CONCURRENCY",
    default: 20,
    min: 1,
    max: 1000,
    integer: true,
    outOfRange: "clamp",
  },
  pgPoolMax: { name: "PG_POOL_MAX", default: 10, min: 1, max: 1000, integer: true, outOfRange: "refuse" },
  pgStatementTimeoutMs: {
    name: "PG_STATEMENT_TIMEOUT_MS",
    default: 30_000,
    min: 100,
    max: 3_600_000,
    integer: true,
    outOfRange: "refuse",
    unit: "ms",
    off: 0,
  },
  pgConnectTimeoutMs: {
    name: "PG_CONNECT_TIMEOUT_MS",
    default: 10_000,
    min: 100,
    max: 300_000,
    integer: true,
    outOfRange: "refuse",
    unit: "ms",
  },
  pgIdleTimeoutMs: {
    name: "PG_IDLE_TIMEOUT_MS",
    default: 30_000,
    min: 1000,
    max: 3_600_000,
    integer: true,
    outOfRange: "clamp",
    unit: "ms",
  },
  doraIncidentWindowHours: {
    name: "DORA_INCIDENT_WINDOW_HOURS",
    default: 24,
    min: 1,
    max: 720,
    integer: true,
    outOfRange: "clamp",
    unit: "h",
  },
  port: { name: "PORT", default: 3000, min: 1, max: 65_535, integer: true, outOfRange: "refuse" },
} satisfies Record<string, NumberSetting>;

export function setting(key: keyof typeof SETTINGS, env: NodeJS.ProcessEnv = process.env): number {
  return readNumber(SETTINGS[key], env);
}

/**
 * Checked when the app or a worker starts: every refused value, in one message, so the process stops
 * with what to fix instead of failing later (or worse, running on a guess). Clamped values warn here.
 */
export function checkSettings(env: NodeJS.ProcessEnv = process.env): void {
  const problems: string[] = [];
  for (const definition of Object.values(SETTINGS)) {
    try {
      readNumber(definition, env);
    } catch (error) {
      if (!(error instanceof SettingError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length) throw new SettingError(`Fix the configuration and start again: ${problems.join(" ")}`);
}

/** At a server's start: a refused setting is printed (variable, value, range) and the process exits. */
export function checkSettingsOrExit(env: NodeJS.ProcessEnv = process.env): void {
  try {
    checkSettings(env);
  } catch (error) {
    if (!(error instanceof SettingError)) throw error;
    console.error(`[portolan] ${error.message}`);
    process.exit(1);
  }
}
