import path from "node:path";
import { z } from "zod";
import { buildImage, ensureNodeRuntimeImage, removeImage, removeLabelledImages } from "@/lib/previews/containers/build";
import { LABELS } from "@/lib/previews/containers/engine";
import { pathInside } from "@/lib/previews/workspace";
import { containerLabels, insideRoot, objectName } from "./container-common";
import { defineAction } from "./types";

export const containerBuild = defineAction({
  id: "container:build",
  description:
    "Builds an image from a checkout's Dockerfile (build log streamed into the run log); the image is removed at teardown.",
  schema: z.object({
    /** The checkout (a git:checkout step's path). */
    context: z.string().min(1),
    dockerfile: z
      .string()
      .nullish()
      .transform((v) => v || "Dockerfile"),
    buildArgs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}),
    /** Make the local `portolan/node:<major>` base image (this portal's Node runtime) if it is missing. */
    nodeRuntime: z.boolean().default(false),
    timeoutSeconds: z.coerce.number().positive().max(3600).default(900),
  }),
  declaredOutputs: () => ["image", "imageId", "port"],
  run: async ({ input, runId, stepId, database, log, signal, setResources }) => {
    const context = insideRoot(input.context, "context");
    const dockerfile = path.relative(context, pathInside(context, input.dockerfile, "dockerfile"));
    const tag = `${objectName(runId, stepId)}:latest`;
    const say = (line: string) => void log(line).catch(() => {});
    // The Dockerfile may start FROM ${PORTOLAN_NODE_IMAGE} (default a registry's node image).
    const runtime: Record<string, string> = input.nodeRuntime
      ? { PORTOLAN_NODE_IMAGE: await ensureNodeRuntimeImage(say) }
      : {};
    await setResources({ image: tag });
    await log(`building ${dockerfile}`);
    const { imageId, exposedPorts } = await buildImage({
      context,
      dockerfile,
      tag,
      labels: await containerLabels(database, runId, stepId),
      buildArgs: { ...runtime, ...input.buildArgs },
      log: say,
      signal: AbortSignal.any([signal, AbortSignal.timeout(input.timeoutSeconds * 1000)]),
    });
    await log(`built ${tag} (${imageId.replace(/^sha256:/, "").slice(0, 12)})`);
    return { image: tag, imageId, port: exposedPorts[0] ?? null };
  },
  teardown: async ({ runId, stepId, resources, log }) => {
    const image = typeof resources?.image === "string" ? resources.image : null;
    if (image && (await removeImage(image))) await log(`removed image ${image}`);
    // A build that failed halfway leaves its finished layers as untagged images with our labels.
    const left = await removeLabelledImages({ [LABELS.run]: runId, [LABELS.step]: stepId });
    if (left.length) await log(`removed ${left.length} intermediate image(s)`);
  },
});
