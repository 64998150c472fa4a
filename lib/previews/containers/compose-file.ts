// The part of the Compose format a preview needs: services built from the repository or from a local
// image, their environment, command, ports (the first one of the public service is the preview's),
// named volumes and start order (depends_on). What would reach past the environment's own sandbox
// (host bind mounts, privileged mode, host networking, devices, added capabilities) is refused.
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { pathInside } from "../workspace";

export type ComposeService = {
  name: string;
  build: { context: string; dockerfile: string; args: Record<string, string> } | null;
  image: string | null;
  environment: Record<string, string>;
  command: string[] | undefined;
  port: number | null;
  volumes: { name: string; target: string }[];
  dependsOn: string[];
};

export const COMPOSE_FILES = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];
const REFUSED = [
  "privileged",
  "network_mode",
  "pid",
  "ipc",
  "devices",
  "cap_add",
  "security_opt",
  "userns_mode",
  "volumes_from",
  "extends",
];

export function findComposeFile(dir: string, file?: string | null): string {
  if (file) return pathInside(dir, file, "compose file");
  const found = COMPOSE_FILES.find((f) => fs.existsSync(path.join(dir, f)));
  if (!found) throw new Error(`the repository has no compose file (${COMPOSE_FILES.join(", ")})`);
  return path.join(dir, found);
}

const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

function environmentOf(value: unknown): Record<string, string> {
  if (Array.isArray(value))
    return Object.fromEntries(
      value
        .map(String)
        .map((entry) => [entry.split("=")[0], entry.includes("=") ? entry.slice(entry.indexOf("=") + 1) : ""]),
    );
  return Object.fromEntries(Object.entries(asRecord(value)).map(([k, v]) => [k, v === null ? "" : String(v)]));
}

function containerPort(value: unknown): number | null {
  const text = typeof value === "object" && value ? String(asRecord(value).target ?? "") : String(value ?? "");
  const port = Number(text.split("/")[0].split(":").pop());
  return Number.isInteger(port) && port > 0 && port < 65_536 ? port : null;
}

/** Parses a compose file of a checkout; services in start order. */
export function readCompose(dir: string, file: string): ComposeService[] {
  const document = asRecord(parse(fs.readFileSync(file, "utf8"), { maxAliasCount: 100 }));
  const services = asRecord(document.services);
  const fileDir = path.dirname(file);
  const parsed: ComposeService[] = Object.entries(services).map(([name, raw]) => {
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) throw new Error(`service name "${name}" is not allowed`);
    const service = asRecord(raw);
    for (const key of REFUSED)
      if (service[key] !== undefined) throw new Error(`service ${name}: "${key}" is not allowed in a preview`);
    const build =
      service.build === undefined
        ? null
        : typeof service.build === "string"
          ? { context: service.build }
          : asRecord(service.build);
    const volumes = (Array.isArray(service.volumes) ? service.volumes : []).map((v) => {
      const [source, target] = String(typeof v === "object" ? `${asRecord(v).source}:${asRecord(v).target}` : v).split(
        ":",
      );
      if (!source || !target || /^[./~]/.test(source) || source.includes("/"))
        throw new Error(`service ${name}: only named volumes are allowed (got ${JSON.stringify(v)})`);
      return { name: source, target };
    });
    const dependsOn = Array.isArray(service.depends_on)
      ? service.depends_on.map(String)
      : Object.keys(asRecord(service.depends_on));
    const ports = Array.isArray(service.ports) ? service.ports : Array.isArray(service.expose) ? service.expose : [];
    const command = Array.isArray(service.command)
      ? service.command.map(String)
      : typeof service.command === "string"
        ? service.command.split(/\s+/).filter(Boolean)
        : undefined;
    return {
      name,
      build: build
        ? {
            context: pathInside(
              dir,
              path.relative(dir, path.resolve(fileDir, String(build.context ?? "."))) || ".",
              `service ${name} build context`,
            ),
            dockerfile: String(build.dockerfile ?? "Dockerfile"),
            args: environmentOf(build.args),
          }
        : null,
      image: typeof service.image === "string" ? service.image : null,
      environment: environmentOf(service.environment),
      command,
      port: ports.length ? containerPort(ports[0]) : null,
      volumes,
      dependsOn,
    };
  });
  for (const s of parsed) {
    if (!s.build && !s.image) throw new Error(`service ${s.name} has neither build nor image`);
    for (const d of s.dependsOn)
      if (!parsed.some((p) => p.name === d)) throw new Error(`service ${s.name} depends on unknown ${d}`);
  }
  // Start order: dependencies first (a cycle is an error).
  const ordered: ComposeService[] = [];
  const visiting = new Set<string>();
  const visit = (s: ComposeService) => {
    if (ordered.includes(s)) return;
    if (visiting.has(s.name)) throw new Error(`services depend on each other in a cycle (${s.name})`);
    visiting.add(s.name);
    for (const d of s.dependsOn) visit(parsed.find((p) => p.name === d)!);
    ordered.push(s);
  };
  parsed.forEach(visit);
  if (!ordered.length) throw new Error("the compose file has no services");
  return ordered;
}
