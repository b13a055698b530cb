import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { parse } from "yaml";

// /discover in Chromium: on the demo's recordings (accept a proposal under a new id, download
// the YAML), on the smoke config whose sources are all unreachable (it says so, proposes
// nothing), and with a config that declares no workflow (the app opens on /discover and says
// what it needs instead of refusing to start).

const PORT = Number(process.env.E2E_PORT ?? 3100);
const DEMO = `http://127.0.0.1:${PORT + 3}`;
const EMPTY_PORT = PORT + 7;

test("demo: accept the stolen-messages proposal under a new id and download it", async ({ page }) => {
  await page.goto(`${DEMO}/discover`);
  const stolen = page.getByRole("region", { name: /stolen-messages/ });
  await expect(stolen).toContainText(
    "website-counter is probably not part of the workflow (not declared): no span of it in the 1000 traces of this flow",
  );
  await expect(stolen.getByLabel("Flow", { exact: true })).toContainText(
    'order-service "publish orders" → exchange orders (order_confirmed) →',
  );
  // Drawn as its workflow page will draw it: the thief on the queue it reads, marked undeclared.
  const inventory = stolen.getByTestId("flow-strip").locator('li[data-flow-branch="order_confirmed.inventory"]');
  await expect(inventory.locator("[data-undeclared]")).toHaveText("website-counter (undeclared)");
  await expect(inventory).toContainText("inventory-service");
  await stolen.getByLabel("Id", { exact: true }).fill("checkout-confirmation");
  await stolen.getByLabel("Name", { exact: true }).fill("Checkout confirmation");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    stolen.getByRole("button", { name: "Download asyncscope.yaml" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("asyncscope.yaml");
  const text = readFileSync((await download.path())!, "utf8");
  const config = parse(text) as {
    workflows: { id: string; name: string; destinations: { queue: string; consumers: string[] }[] }[];
  };
  expect(config.workflows.map((w) => [w.id, w.name])).toEqual([["checkout-confirmation", "Checkout confirmation"]]);
  expect(config.workflows[0]!.destinations.map((d) => [d.queue, d.consumers])).toEqual([
    ["order_confirmed.notification", ["notification-service"]],
    ["order_confirmed.inventory", ["inventory-service"]],
    ["order_confirmation_retry", []],
  ]);
  expect(text).toContain("# probably not part of the workflow, not declared: website-counter");

  // An invalid id blocks the download and says why.
  await stolen.getByLabel("Id", { exact: true }).fill("Checkout!");
  await expect(stolen.getByRole("button", { name: "Download asyncscope.yaml" })).toBeDisabled();
  await expect(stolen.getByRole("status")).toHaveText("an accepted workflow has an invalid id");
});

test("sources unreachable: /discover says which and proposes nothing", async ({ page }) => {
  await page.goto("/discover");
  const live = page.getByRole("region", { name: "From the live sources" });
  await expect(live.getByRole("list", { name: "Gaps" })).toContainText("traces not read (");
  await expect(live.getByRole("list", { name: "Gaps" })).toContainText("broker not read (");
  await expect(live).toContainText("No workflow found");
});

function startServer(configText: string): { server: ChildProcess; output: () => string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "asyncscope-discover-"));
  const configFile = path.join(dir, "asyncscope.yaml");
  writeFileSync(configFile, configText);
  const server = spawn(path.resolve("node_modules/.bin/next"), ["start", "-p", String(EMPTY_PORT)], {
    env: { ...process.env, ASYNCSCOPE_CONFIG: configFile, ASYNCSCOPE_DATA_DIR: path.join(dir, "data") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { server, output: () => output };
}

test("a config with no workflows starts, and opens on /discover saying what it needs", async ({ page }) => {
  // A second server starting: seconds alone, over a minute on CI's two cores with the lab's
  // suites running beside the e2e tests.
  test.setTimeout(240_000);
  const { server, output } = startServer("version: 1\nsources: {}\nworkflows: []\n");
  try {
    await expect
      .poll(
        async () => {
          if (server.exitCode !== null) throw new Error(`server exited ${server.exitCode}:\n${output()}`);
          return fetch(`http://127.0.0.1:${EMPTY_PORT}/healthz`).then(
            (r) => r.status,
            () => 0,
          );
        },
        { timeout: 180_000 },
      )
      .toBe(200);
    await page.goto(`http://127.0.0.1:${EMPTY_PORT}/`);
    await expect(page).toHaveURL(/\/discover$/);
    await expect(page.getByText("declares no workflow yet, so Asyncscope opens here")).toBeVisible();
    const needs = page.getByRole("region", { name: "Nothing to discover from yet" });
    await expect(needs).toContainText("sources.jaeger");
    await expect(needs).toContainText("sources.rabbitmq");
  } finally {
    server.kill("SIGTERM");
  }
});
