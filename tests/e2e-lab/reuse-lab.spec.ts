import { expect, test, type APIRequestContext } from "@playwright/test";
import { FRESH_CONNECTION } from "./fresh-connection";
import { labStatus } from "./lab-cli";

// On the live lab, the overview answers from the check sweep's latest evaluations (at most 45 s
// old, lib/evaluate/reuse.ts) instead of evaluating every workflow cold on each load, and says
// so next to each verdict it reused; the workflow page's first render does the same within one
// refresh period (15 s), its "Data from" time saying how old. Never from old data while a source
// is down now: on the server whose Prometheus is at a closed port, no verdict is reused.

const NOPROM = `http://127.0.0.1:${Number(process.env.E2E_LAB_PORT ?? 3101) + 1}`;
const { up: labUp, code: statusCode } = labStatus();

test.skip(!labUp, `the lab is not up (npm run lab -- status exited ${statusCode}); run npm run lab -- up`);

/** When the check sweep's latest evaluation of checkout judged, from /api/metrics (ms). */
async function sweepJudgedAt(request: APIRequestContext): Promise<number | undefined> {
  const text = await (await request.get("/api/metrics", FRESH_CONNECTION)).text();
  const found = /^asyncscope_check_judged_timestamp_seconds\{workflow="checkout"\} (\S+)$/m.exec(text);
  return found ? Number(found[1]) * 1000 : undefined;
}

test("the overview shows the check sweep's recent verdicts, each labelled with its time", async ({ page, request }) => {
  // The server's sweep runs every 10 s (playwright.config.ts). A load in the same 5-s slot as
  // the sweep's shows the current window unlabelled, so a few loads are allowed; the label must
  // name the sweep's evaluation (read from /api/metrics around the load), which shows the
  // sweep's evaluations reach the overview, and never one older than 45 s.
  let matched = false;
  const seen: string[] = [];
  for (let attempt = 0; attempt < 8 && !matched; attempt++) {
    if (attempt > 0) await page.waitForTimeout(3_000);
    const before = await sweepJudgedAt(request);
    const requestedAt = Date.now();
    await page.goto("/");
    await expect(page.getByRole("list", { name: "Workflows" })).toBeVisible();
    const after = await sweepJudgedAt(request);
    const label = page.locator('li[data-workflow="checkout"]').getByTestId("workflow-as-of");
    if ((await label.count()) === 0) {
      seen.push("unlabelled");
      continue;
    }
    await expect(label).toContainText("the latest evaluation, at most 45 s old");
    const asOf = Date.parse((await label.locator("time").getAttribute("datetime"))!);
    expect(requestedAt - asOf).toBeLessThanOrEqual(45_000 + 1_000);
    // The window ends at the sweep's aligned "now": up to 5 s before it judged, plus its start-up.
    matched = [before, after].some((judged) => judged !== undefined && asOf <= judged && judged - asOf < 8_000);
    seen.push(
      `as of ${new Date(asOf).toISOString()}, sweep judged at ${[before, after].map((j) => (j ? new Date(j).toISOString() : "none")).join(" / ")}`,
    );
  }
  expect(matched, `no load showed the sweep's evaluation: ${seen.join("; ")}`).toBe(true);
  await page.screenshot({ path: "test-results/e2e-lab/overview-reused.png", fullPage: true });
});

test("with Prometheus down now, the overview reuses no verdict and shows none ok", async ({ page }) => {
  // Whether or not this server's sweep (the default 30 s) has run yet, every evaluation it or a
  // load makes reads Prometheus down, so none may be reused and none may say ok. The rule for a
  // source down now after a clean evaluation is unit-tested (lib/evaluate/reuse.test.ts).
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) await page.waitForTimeout(5_000);
    await page.goto(`${NOPROM}/`);
    const list = page.getByRole("list", { name: "Workflows" });
    await expect(list).toBeVisible();
    await expect(page.getByTestId("workflow-as-of")).toHaveCount(0);
    await expect(list).not.toContainText(/\bok\b/i);
  }
});

/** Views that showed a latest evaluation instead of asking for one, from /api/metrics. */
async function reusedViews(request: APIRequestContext): Promise<number> {
  const text = await (await request.get("/api/metrics", FRESH_CONNECTION)).text();
  const found = /^asyncscope_evaluations_total\{served="reused"\} (\S+)$/m.exec(text);
  return found ? Number(found[1]) : 0;
}

test("the workflow page's first render shows a recent evaluation, its Data-from time saying when", async ({
  page,
  request,
}) => {
  const reusedBefore = await reusedViews(request);
  // The sweep (every 10 s) evaluates the default window; a first render within 15 s of it shows
  // that evaluation. Without reuse, a render's data is at most one 5-s slot older than the request.
  const agesMs: number[] = [];
  for (let attempt = 0; attempt < 12 && !agesMs.some((age) => age > 6_000); attempt++) {
    if (attempt > 0) await page.waitForTimeout(2_500);
    const requestedAt = Date.now();
    await page.goto("/workflows/checkout");
    const dataFrom = page.getByTestId("data-from");
    const madeAt = Date.parse((await dataFrom.getAttribute("datetime"))!);
    agesMs.push(requestedAt - madeAt);
  }
  console.log(`first-render data ages: ${agesMs.map((age) => `${(age / 1000).toFixed(1)} s`).join(", ")}`);
  expect(
    agesMs.some((age) => age > 6_000),
    `ages ${agesMs.join(", ")} ms`,
  ).toBe(true);
  // Never older than the bound: the data was made after its window ended, at most 15 s before.
  expect(Math.max(...agesMs)).toBeLessThanOrEqual(15_000 + 1_000);
  // The server counts what it reused (asyncscope_evaluations_total, docs/api.md).
  expect(await reusedViews(request)).toBeGreaterThan(reusedBefore);
});
