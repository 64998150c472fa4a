// Building an image from a checkout: the build context is the checkout (the engine receives it as a
// tar stream, .dockerignore honoured), the build's output goes to the run log line by line as it
// comes, and a failed build fails with its last lines. Images are tagged per run and step, labelled,
// and removed at teardown.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type Docker from "dockerode";
import { engine, engineMessage, followStream, isNotFound } from "./engine";

export type Labels = Record<string, string>;

function contextFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => !f.split(path.sep).includes(".git"))
    .filter((f) => {
      const stat = fs.lstatSync(path.join(dir, f));
      return stat.isFile() || stat.isSymbolicLink();
    });
}

export async function buildImage(options: {
  context: string;
  dockerfile: string;
  tag: string;
  labels: Labels;
  buildArgs?: Record<string, string>;
  log: (line: string) => void;
  signal?: AbortSignal;
}): Promise<{ imageId: string; exposedPorts: number[] }> {
  const docker = engine();
  const src = contextFiles(options.context);
  if (!src.includes(options.dockerfile)) throw new Error(`there is no ${options.dockerfile} in the repository`);
  const tail: string[] = [];
  const stream = await docker.buildImage({ context: options.context, src }, {
    t: options.tag,
    dockerfile: options.dockerfile,
    labels: options.labels,
    buildargs: options.buildArgs ?? {},
    rm: true,
    forcerm: true,
    pull: false,
    abortSignal: options.signal,
  } as Docker.ImageBuildOptions);
  try {
    await followStream(docker, stream, (event) => {
      const text = event.stream ?? event.status ?? event.errorDetail?.message ?? event.error;
      for (const line of (text ?? "").split("\n")) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 20) tail.shift();
        options.log(line.slice(0, 1000));
      }
    });
  } catch (error) {
    throw new Error(
      `the image build failed: ${engineMessage(error).trim()}\n${tail.slice(-10).join("\n")}`.slice(0, 4000),
    );
  }
  const image = await docker.getImage(options.tag).inspect();
  const exposedPorts = Object.keys(image.Config?.ExposedPorts ?? {})
    .map((p) => Number(p.split("/")[0]))
    .filter((p) => Number.isInteger(p) && p > 0);
  return { imageId: image.Id, exposedPorts };
}

export async function removeImage(reference: string): Promise<boolean> {
  try {
    await engine().getImage(reference).remove({ force: true });
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** Removes the images a build left labelled with this run and step (a failed build's finished layers). */
export async function removeLabelledImages(labels: Record<string, string>): Promise<string[]> {
  const docker = engine();
  // One label in the filter (Podman answers nothing to several), the rest checked here.
  const [first, ...rest] = Object.entries(labels);
  const images = await docker.listImages({ all: true, filters: { label: [`${first[0]}=${first[1]}`] } });
  const removed: string[] = [];
  for (const image of images.filter((i) => rest.every(([k, v]) => i.Labels?.[k] === v))) {
    try {
      await docker.getImage(image.Id).remove({ force: true });
      removed.push(image.RepoTags?.[0] ?? image.Id);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  return removed;
}

export const NODE_RUNTIME_IMAGE = `portolan/node:${process.versions.node.split(".")[0]}`;

/**
 * A base image with this portal's own Node runtime (the node binary, the libraries it links and the
 * loader), imported into the engine when missing: the demo's repository builds FROM it, so a
 * container preview works on a machine that cannot reach a registry. Kept between runs.
 */
export async function ensureNodeRuntimeImage(log: (line: string) => void): Promise<string> {
  const docker = engine();
  try {
    await docker.getImage(NODE_RUNTIME_IMAGE).inspect();
    return NODE_RUNTIME_IMAGE;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  log(`making the base image ${NODE_RUNTIME_IMAGE} from this machine's Node runtime`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "portolan-node-runtime-"));
  try {
    const node = fs.realpathSync(process.execPath);
    const libraries = execFileSync("ldd", [node], { encoding: "utf8" })
      .split("\n")
      .map((line) => /(\/\S+)\s+\(0x/.exec(line)?.[1])
      .filter((p): p is string => Boolean(p));
    for (const file of [...libraries, node]) {
      const target = path.join(root, file === node ? "usr/local/bin/node" : file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(fs.realpathSync(file), target);
      fs.chmodSync(target, 0o755);
    }
    // Loaders are looked up under /lib64 or /lib; libraries under the paths ldd printed.
    fs.mkdirSync(path.join(root, "tmp"), { mode: 0o1777 });
    fs.mkdirSync(path.join(root, "etc"));
    fs.writeFileSync(
      path.join(root, "etc/passwd"),
      "root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n",
    );
    const tar = path.join(root, "..", `${path.basename(root)}.tar`);
    execFileSync("tar", ["-C", root, "-cf", tar, "."]);
    try {
      const stream = (await docker.importImage(
        fs.createReadStream(tar) as never,
        {
          changes: ["ENV PATH=/usr/local/bin:/usr/bin:/bin", 'CMD ["node"]'],
        } as never,
      )) as unknown as NodeJS.ReadableStream;
      let imported: string | null = null;
      await followStream(docker, stream, (event) => {
        const id = (event as { id?: string; status?: string }).status ?? "";
        if (/^(sha256:)?[0-9a-f]{64}$/.test(id.trim())) imported = id.trim();
      });
      // Podman's import ignores the tag it is given: name the image ourselves.
      if (!imported) throw new Error("the engine did not say which image it imported");
      const [repo, tag] = NODE_RUNTIME_IMAGE.split(":");
      await docker.getImage(imported).tag({ repo, tag });
    } finally {
      fs.rmSync(tar, { force: true });
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  await docker.getImage(NODE_RUNTIME_IMAGE).inspect();
  return NODE_RUNTIME_IMAGE;
}
