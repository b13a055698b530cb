import path from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

// Lab integration tests: real RabbitMQ, Prometheus and Jaeger (see docs/lab.md). Files run one at
// a time, in name order, except that 99-* files run last whatever else is added: each fault test
// changes the shared lab, and 99-down.test.ts stops it.
const last = (f: TestSpecification) => (path.basename(f.moduleId).startsWith("99-") ? 1 : 0);
class ByName extends BaseSequencer {
  async sort(files: TestSpecification[]) {
    return [...files].sort((a, b) => last(a) - last(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
  // The same module resolution as vitest.config.ts, for lab tests of the app's sources.
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/lab/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/lab/global-setup.ts"],
    fileParallelism: false,
    sequence: { sequencer: ByName },
    testTimeout: 180_000,
    hookTimeout: 180_000,
    reporters: ["verbose"],
    alias: { "server-only": path.resolve(import.meta.dirname, "tests/support/server-only-stub.ts") },
  },
});
