import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite finds its wasm next to its own files; bundling breaks that lookup.
  // The tracing SDK and pino are loaded by Node, like pg which the tracing patches (lib/observability).
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pg",
    "pg-boss",
    "dockerode",
    "pino",
    "@opentelemetry/api",
    "@opentelemetry/sdk-trace-node",
    "@opentelemetry/exporter-trace-otlp-http",
    "@opentelemetry/resources",
  ],
  poweredByHeader: false,
};

export default nextConfig;
