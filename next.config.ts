import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite finds its wasm next to its own files; bundling breaks that lookup.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "pg-boss", "dockerode"],
  poweredByHeader: false,
};

export default nextConfig;
