import { defineConfig } from "@playwright/test";
import path from "node:path";

// End-to-end tests in Debian's Chromium (Playwright's own browser download cannot run on
// machines without internet). The app runs as a production build through the demo
// launcher, on a config whose sources point at closed loopback ports, with its own data dir.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  retries: 0,
  workers: 1,
  // E2E_JSON (set by .ci/run) adds a JSON report for the CI summary line.
  reporter: process.env.E2E_JSON ? [["list"], ["json", { outputFile: process.env.E2E_JSON }]] : [["list"]],
  outputDir: "test-results/e2e",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    screenshot: "on",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
    },
  },
  webServer: {
    command: "node scripts/demo.mjs",
    url: `http://127.0.0.1:${PORT}/healthz`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      ASYNCSCOPE_CONFIG: path.resolve("tests/e2e/asyncscope.e2e.yaml"),
      ASYNCSCOPE_DATA_DIR: path.resolve(".data/e2e"),
    },
  },
});
