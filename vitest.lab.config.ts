import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

// Lab integration tests: real RabbitMQ, Prometheus and Jaeger (see docs/lab.md). Files run one at
// a time, in name order: each fault test changes the shared lab, and 99-down.test.ts stops it.
class ByName extends BaseSequencer {
  async sort(files: TestSpecification[]) {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
  test: {
    include: ["tests/lab/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/lab/global-setup.ts"],
    fileParallelism: false,
    sequence: { sequencer: ByName },
    testTimeout: 180_000,
    hookTimeout: 180_000,
    reporters: ["verbose"],
  },
});
