import { defineConfig } from "@playwright/test";
import path from "node:path";

// End-to-end tests in Debian's Chromium (Playwright's own browser download cannot run on
// machines without internet). The app runs as a production build through the demo
// launcher, on a config whose sources point at closed loopback ports, with its own data dir.
// Two servers from one production build: the smoke config (every source at a closed port) and
// the offline demo exactly as `npm run demo` serves it (recordings, seeded incident).
const PORT = Number(process.env.E2E_PORT ?? 3100);
const DEMO_PORT = PORT + 3;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The smoke server's Alertmanager webhook token; tests/e2e/alertmanager.spec.ts sends the same. */
const ALERTMANAGER_TOKEN = "e2e-alertmanager-token-0123456789abcdef";

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  // On CI's two cores the lab's background suites run beside these tests, and a page answer has
  // taken more than Playwright's 5-s default (a share link, a pin). Assertions wait up to 10 s:
  // what is tested is what the page shows; how fast it is, the benchmarks measure.
  expect: { timeout: 10_000 },
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
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "smoke", testIgnore: /demo-.*\.spec\.ts$/ },
    { name: "demo", testMatch: /demo-.*\.spec\.ts$/, use: { baseURL: `http://127.0.0.1:${DEMO_PORT}` } },
  ],
  webServer: [
    {
      command: "node scripts/demo.mjs",
      url: `http://127.0.0.1:${PORT}/healthz`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        PORT: String(PORT),
        ASYNCSCOPE_CONFIG: path.resolve("tests/e2e/asyncscope.e2e.yaml"),
        ASYNCSCOPE_DATA_DIR: path.resolve(".data/e2e"),
        ASYNCSCOPE_ALERTMANAGER_TOKEN: ALERTMANAGER_TOKEN,
      },
    },
    {
      // `npm run demo` itself, on its own data dir (wiped: the seeded incident starts fresh).
      // Waits for the first server so only one of them builds; ASYNCSCOPE_CONFIG empty means
      // the demo's default config.
      command: `sh -c 'rm -rf .data/e2e-demo; until curl -sf http://127.0.0.1:${PORT}/healthz >/dev/null; do sleep 1; done; exec node scripts/demo.mjs'`,
      url: `http://127.0.0.1:${DEMO_PORT}/healthz`,
      timeout: 330_000,
      reuseExistingServer: false,
      stdout: "pipe",
      // The public URL, so link previews carry absolute image URLs (tests/e2e/demo-incident.spec.ts):
      // without it they are not taken from the Host (docs/security.md).
      env: {
        PORT: String(DEMO_PORT),
        ASYNCSCOPE_CONFIG: "",
        ASYNCSCOPE_DATA_DIR: path.resolve(".data/e2e-demo"),
        ASYNCSCOPE_PUBLIC_URL: `http://127.0.0.1:${DEMO_PORT}`,
      },
    },
  ],
});
