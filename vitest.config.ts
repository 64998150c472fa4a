import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "db/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    // Integration suites each open their own database; keep them from starving the 2 cores.
    pool: "forks",
    maxWorkers: 2,
    // Deadlines, not measurements: generous enough for a loaded 2-core machine (tests wait on conditions).
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
