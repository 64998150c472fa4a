import path from "node:path";
import { z } from "zod";
import { buildImage, removeImage } from "@/lib/previews/containers/build";
import { findComposeFile, readCompose } from "@/lib/previews/containers/compose-file";
import {
  createNetwork,
  createVolume,
  emptyStack,
  publishedPort,
  startContainer,
  streamLogs,
} from "@/lib/previews/containers/stack";
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

export const composeUp = defineAction({
  id: "compose:up",
  description:
    "Builds and runs the services of a checkout's compose file on a network of their own; the public service's port is published on 127.0.0.1. Everything is removed at teardown.",
  schema: z.object({
    /** The checkout (a git:checkout step's path). */
    context: z.string().min(1),
    file: z.string().nullish(),
    /** The service that serves the preview (default: the first with a port). */
    service: z.string().nullish(),
    /** Added to every service's environment (may carry secrets). */
    env: envSchema,
    databaseSocket: z.string().nullish(),
    ...limits,
  }),
  secretInputs: ["env.*"],
  declaredOutputs: () => ["port", "url", "network", "services"],
  run: async ({ input, runId, stepId, database, log, signal, setResources }) => {
    const context = insideRoot(input.context, "context");
    const file = findComposeFile(context, input.file);
    const services = readCompose(context, file);
    const publicService = input.service
      ? services.find((s) => s.name === input.service)
      : services.find((s) => s.port !== null);
    if (!publicService?.port)
      throw new Error(input.service ? `there is no service "${input.service}" with a port` : "no service has a port");
    const labels = await containerLabels(database, runId, stepId);
    const say = (line: string) => void log(line).catch(() => {});
    const stack = { ...emptyStack(), containerPort: publicService.port, images: [] as string[] };
    await log(`${path.basename(file)}: ${services.map((s) => s.name).join(", ")}`);
    for (const service of services.filter((s) => s.build)) {
      const tag = `${objectName(runId, stepId, service.name)}:latest`;
      stack.images.push(tag);
      await setResources(stack);
      await log(`building ${service.name}`);
      await buildImage({
        context: service.build!.context,
        dockerfile: service.build!.dockerfile,
        buildArgs: service.build!.args,
        tag,
        labels,
        log: (line) => say(`[${service.name}] ${line}`),
        signal,
      });
    }
    stack.network = await createNetwork(objectName(runId, stepId), labels);
    await setResources(stack);
    const volumeNames = new Map<string, string>();
    for (const volume of services.flatMap((s) => s.volumes)) {
      if (volumeNames.has(volume.name)) continue;
      const name = await createVolume(objectName(runId, stepId, volume.name), labels);
      volumeNames.set(volume.name, name);
      stack.volumes.push(name);
      await setResources(stack);
    }
    const socketDir = input.databaseSocket
      ? { source: insideRoot(input.databaseSocket, "databaseSocket"), target: SOCKET_TARGET }
      : null;
    for (const service of services) {
      const name = objectName(runId, stepId, service.name);
      const image = service.build ? `${objectName(runId, stepId, service.name)}:latest` : service.image!;
      const { id } = await startContainer(
        {
          service: service.name,
          name,
          image,
          env: { ...service.environment, ...input.env },
          command: service.command,
          port: service === publicService ? service.port : null,
          cpus: input.cpus,
          memoryMb: input.memoryMb,
          volumes: service.volumes.map((v) => ({ name: volumeNames.get(v.name)!, target: v.target })),
          socketDir,
        },
        stack.network,
        labels,
      );
      stack.containers.push({ id, name, service: service.name });
      if (service === publicService) stack.publicContainer = id;
      await setResources(stack);
      // Not awaited: an engine may hold the answer's headers until the container prints something.
      void streamLogs(id, `[${service.name}]`, (line, level) => log(line, level), { signal }).catch(() => {});
      await log(`started ${service.name}`);
    }
    const hostPort = await publishedPort(stack.publicContainer!, publicService.port);
    stack.publicPort = hostPort;
    await setResources(stack);
    return {
      port: hostPort,
      url: `http://${previewHost()}:${hostPort}`,
      network: stack.network,
      services: services.map((s) => s.name),
    };
  },
  ...stackHooks,
  teardown: async (ctx) => {
    await stackHooks.teardown(ctx);
    const images = Array.isArray(ctx.resources?.images) ? (ctx.resources.images as string[]) : [];
    for (const image of images) if (await removeImage(image)) await ctx.log(`removed image ${image}`);
  },
});
