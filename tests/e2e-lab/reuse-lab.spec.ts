import { expect, test } from "@playwright/test";
import { labStatus } from "./lab-cli";

// On the live lab, the overview answers from the check sweep's latest evaluations (at most 45 s
// old, lib/evaluate/reuse.ts) instead of evaluating every workflow cold on each load, and says
// so next to each verdict it reused; the workflow page's first render does the same within one
// refresh period (15 s), its "Data from" time saying how old. Never from old data while a source
// is down now: on the server whose Prometheus is at a closed port, no verdict is reused.

const NOPROM = `http://127.0.0.1:${Number(process.env.E2E_LAB_PORT ?? 3101) + 1}`;
const { up: labUp, code: statusCode } = labStatus();

test.skip(!labUp, `the lab is not up (npm run lab -- status exited ${statusCode}); run npm run lab -- up`);

test("the overview shows the check sweep's recent verdicts, each labelled with its time", async ({ page }) => {
  // The server's sweep runs every 10 s (playwright.config.ts); a load in the same 5-s slot as
  // the sweep shows the current window unlabelled, so a few loads are allowed.
  let labels = 0;
  for (let attempt = 0; attempt < 8 && labels === 0; attempt++) {
    if (attempt > 0) await page.waitForTimeout(3_000);
    await page.goto("/");
    await expect(page.getByRole("list", { name: "Workflows" })).toBeVisible();
    labels = await page.getByTestId("workflow-as-of").count();
  }
  expect(labels, "no overview load within 8 tries showed a reused verdict").toBeGreaterThan(0);
  const label = page.getByTestId("workflow-as-of").first();
  await expect(label).toContainText("the latest evaluation, at most 45 s old");
  const asOf = Date.parse((await label.locator("time").getAttribute("datetime"))!);
  expect(Date.now() - asOf).toBeLessThan(45_000 + 30_000); // 45 s, and the page's own load under CI
  await page.screenshot({ path: "test-results/e2e-lab/overview-reused.png", fullPage: true });
});

test("with Prometheus down now, the overview reuses no verdict and shows none ok", async ({ page }) => {
  // This server's sweep (the default 30 s) has run by now; its evaluations read Prometheus down.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) await page.waitForTimeout(5_000);
    await page.goto(`${NOPROM}/`);
    const list = page.getByRole("list", { name: "Workflows" });
    await expect(list).toBeVisible();
    await expect(page.getByTestId("workflow-as-of")).toHaveCount(0);
    await expect(list).not.toContainText(/\bok\b/i);
  }
});

test("the workflow page's first render shows a recent evaluation, its Data-from time saying when", async ({ page }) => {
  // The sweep (every 10 s) evaluates the default window; a first render within 15 s of it shows
  // that evaluation. Without reuse, a render's data is at most one 5-s slot older than the request.
  const agesMs: number[] = [];
  for (let attempt = 0; attempt < 12 && !agesMs.some((age) => age > 6_000); attempt++) {
    if (attempt > 0) await page.waitForTimeout(2_500);
    const requestedAt = Date.now();
    await page.goto("/workflows/checkout");
    const dataFrom = page.getByTestId("refresh-bar").locator("time").nth(2);
    const madeAt = Date.parse((await dataFrom.getAttribute("datetime"))!);
    agesMs.push(requestedAt - madeAt);
  }
  console.log(`first-render data ages: ${agesMs.map((age) => `${(age / 1000).toFixed(1)} s`).join(", ")}`);
  expect(
    agesMs.some((age) => age > 6_000),
    `ages ${agesMs.join(", ")} ms`,
  ).toBe(true);
  // Never older than the bound (15 s), with the evaluation's own run time on CI on top.
  expect(Math.max(...agesMs)).toBeLessThan(15_000 + 20_000);
});
