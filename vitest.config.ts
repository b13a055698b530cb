import { defineConfig } from "vitest/config";
import path from "node:path";

// Unit, contract and database tests. Lab integration tests have their own config
// (vitest.lab.config.ts) because they need the running lab (npm run lab -- up).
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "tests/unit/**/*.test.ts", "tests/db/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // "server-only" throws outside a React server bundle; tests import server modules directly.
    alias: { "server-only": path.resolve(import.meta.dirname, "tests/support/server-only-stub.ts") },
  },
});
