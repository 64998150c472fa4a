// Test fixtures for previews: a git repository with branches that serve different pages from a
// FROM-scratch image (Debian's static busybox), and a look at what the engine holds for a run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { engine, LABELS } from "./containers/engine";
import { git } from "./git";

const IDENTITY = {
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@example.com",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@example.com",
};
export const BUSYBOX = "/bin/busybox";

/**
 * A repository whose branches each serve their own index.html with busybox httpd; `broken` has a
 * Dockerfile that cannot build. Returns its file:// URL.
 */
export async function busyboxRepository(branches: Record<string, string>): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-fixture-repo-"));
  const run = (args: string[]) => git(args, { cwd: dir, env: IDENTITY });
  await run(["init", "--quiet", "--initial-branch=main"]);
  fs.copyFileSync(BUSYBOX, path.join(dir, "busybox"));
  fs.writeFileSync(
    path.join(dir, "Dockerfile"),
    'FROM scratch\nCOPY busybox /bin/busybox\nCOPY www /www\nEXPOSE 8080\nCMD ["/bin/busybox", "httpd", "-f", "-v", "-p", "8080", "-h", "/www"]\n',
  );
  fs.mkdirSync(path.join(dir, "www"));
  fs.writeFileSync(path.join(dir, "www", "index.html"), "base\n");
  await run(["add", "--all"]);
  await run(["commit", "--quiet", "-m", "base"]);
  for (const [branch, page] of Object.entries(branches)) {
    await run(["checkout", "--quiet", "-B", branch, "main"]);
    fs.writeFileSync(path.join(dir, "www", "index.html"), `${page}\n`);
    await run(["commit", "--quiet", "-am", branch]);
  }
  // Two services: the public web server and a worker that writes into a named volume the web serves.
  await run(["checkout", "--quiet", "-B", "compose", "main"]);
  fs.writeFileSync(
    path.join(dir, "compose.yaml"),
    [
      "services:",
      "  web:",
      "    build: .",
      "    ports: ['8080']",
      "    command: ['/bin/busybox', 'httpd', '-f', '-p', '8080', '-h', '/shared']",
      "    volumes: ['shared:/shared']",
      "    depends_on: [writer]",
      "  writer:",
      "    build: .",
      "    command: ['/bin/busybox', 'sh', '-c', 'echo from-the-writer > /shared/index.html; exec /bin/busybox sleep 3600']",
      "    volumes: ['shared:/shared']",
      "volumes:",
      "  shared: {}",
      "",
    ].join("\n"),
  );
  await run(["add", "--all"]);
  await run(["commit", "--quiet", "-m", "compose"]);
  await run(["checkout", "--quiet", "-B", "broken", "main"]);
  fs.appendFileSync(path.join(dir, "Dockerfile"), "COPY no-such-file /nowhere\n");
  await run(["commit", "--quiet", "-am", "broken build"]);
  await run(["checkout", "--quiet", "main"]);
  return pathToFileURL(dir).href;
}

/** Everything the engine holds that is labelled with this run. */
export async function engineObjectsOf(runId: string) {
  const docker = engine();
  const filters = { label: [`${LABELS.run}=${runId}`] };
  const [containers, networks, volumes, images] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }).then((v) => v.Volumes ?? []),
    docker.listImages({ all: true, filters }),
  ]);
  return {
    containers: containers.map((c) => c.Names?.[0] ?? c.Id),
    networks: networks.map((n) => n.Name),
    volumes: volumes.map((v) => v.Name),
    images: images.map((i) => i.RepoTags?.[0] ?? i.Id),
  };
}
