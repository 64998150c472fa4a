import { z } from "zod";
import { engine } from "@/lib/previews/containers/engine";
import { createNetwork, emptyStack, publishedPort, startContainer, streamLogs } from "@/lib/previews/containers/stack";
import {
  SOCKET_TARGET,
  containerLabels,
  envSchema,
  insideRoot,
  limits,
  objectName,
  previewHost,
  stackHooks,
} from "./container-common";
import { defineAction } from "./types";

export const containerRun = defineAction({
  id: "container:run",
  description:
    "Runs an image on a network of its own with CPU and memory limits, its port published on 127.0.0.1, its output streamed into the run log; removed at teardown.",
  schema: z.object({
    image: z.string().min(1),
    /** The container's port to publish (default: the image's first exposed port). */
    port: z.coerce.number().int().min(1).max(65_535).nullish(),
    env: envSchema,
    command: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
    /** A postgres:database step's socketDir, mounted at /run/portolan/db. */
    databaseSocket: z.string().nullish(),
    ...limits,
  }),
  secretInputs: ["env.*"],
  declaredOutputs: () => ["containerId", "port", "url", "network"],
  run: async ({ input, runId, stepId, database, log, signal, setResources }) => {
    const labels = await containerLabels(database, runId, stepId);
    const image = await engine().getImage(input.image).inspect();
    const exposed = Object.keys(image.Config?.ExposedPorts ?? {}).map((p) => Number(p.split("/")[0]));
    const port = input.port ?? exposed[0] ?? null;
    if (!port)
      throw new Error("the image exposes no port: set portolan.dev/preview-port on the component, or EXPOSE one");
    const stack = { ...emptyStack(), containerPort: port };
    stack.network = await createNetwork(objectName(runId, stepId), labels);
    await setResources(stack);
    const name = objectName(runId, stepId, "app");
    const socketDir = input.databaseSocket
      ? { source: insideRoot(input.databaseSocket, "databaseSocket"), target: SOCKET_TARGET }
      : null;
    const { id } = await startContainer(
      {
        service: "app",
        name,
        image: input.image,
        env: input.env,
        command: input.command,
        port,
        cpus: input.cpus,
        memoryMb: input.memoryMb,
        socketDir,
      },
      stack.network,
      labels,
    );
    stack.containers.push({ id, name, service: "app" });
    stack.publicContainer = id;
    await setResources(stack);
    // Not awaited: an engine may hold the answer's headers until the container prints something.
    void streamLogs(id, "[app]", (line, level) => log(line, level), { signal }).catch(() => {});
    const hostPort = await publishedPort(id, port);
    stack.publicPort = hostPort;
    await setResources(stack);
    await log(`container ${name} is running; port ${port} is published on 127.0.0.1:${hostPort}`);
    return { containerId: id, port: hostPort, url: `http://${previewHost()}:${hostPort}`, network: stack.network };
  },
  ...stackHooks,
});
