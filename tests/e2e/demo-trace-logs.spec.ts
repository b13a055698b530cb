import { expect, test } from "@playwright/test";

// An open trace's log lines beside its spans, and the logs panel, on the offline demo's
// silent-drop recording (demo/asyncscope.demo.yaml), recorded with the lab's VictoriaLogs.

const SILENT_DROP = "/workflows/checkout-silent-drop";

test("an incomplete trace shows its lines with service and level; a line's span control highlights the span", async ({
  page,
}) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(SILENT_DROP);
  const list = page.locator("#panel-trace-list");
  // Traces are grouped by pattern (demo-traces.spec.ts); the worst group starts unfolded with its newest members.
  const incomplete = list
    .locator("li[data-trace-group]")
    .filter({ hasText: "incomplete" })
    .first()
    .locator("li[data-trace]")
    .first();
  await expect(incomplete).toBeVisible();
  const traceId = await incomplete.getAttribute("data-trace");
  const opener = incomplete.getByRole("button", { name: traceId!.slice(0, 16) });
  // A click before hydration does nothing: click again until the trace is open (it toggles, so only while closed).
  await expect(async () => {
    if ((await opener.getAttribute("aria-expanded")) !== "true") await opener.click();
    await expect(page).toHaveURL(new RegExp(`trace=${traceId}`), { timeout: 1000 });
  }).toPass();

  const trace = page.getByRole("region", { name: `Trace ${traceId}` });
  const logs = trace.getByTestId("trace-logs");
  const lines = logs.locator("li[data-log-line]");
  await expect(lines.first()).toBeVisible();
  expect(await lines.count()).toBeGreaterThan(0);
  // Every line names its service and its level in words.
  for (const line of (await lines.all()).slice(0, 5)) {
    await expect(line.locator("[data-service]")).not.toBeEmpty();
    await expect(line.locator("[data-level]")).toHaveText(/^(error|warn|info|debug|other)/);
  }
  // Oldest first.
  const times = await lines
    .locator("time")
    .evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute("datetime")!)));
  expect(times).toEqual([...times].sort((a, b) => a - b));

  // A line's span control highlights its span in the waterfall, and the span's lines light up.
  const linked = lines.filter({ has: page.getByRole("button", { name: /^Show span / }) }).first();
  const spanId = await linked.getAttribute("data-span-id");
  await linked.getByRole("button", { name: /^Show span / }).click();
  const row = trace.getByTestId("waterfall").locator(`li[data-span-id="${spanId}"]`);
  await expect(row).toHaveAttribute("data-selected", "true");
  await expect(row).toHaveAttribute("aria-current", "true");
  await expect(linked).toHaveAttribute("data-highlighted", "true");
  // And back: a span's control (keyboard reachable) highlights its lines.
  await row.getByRole("button", { name: /^\d+ log lines? of span .*: highlight them$/ }).focus();
  await expect(logs.locator(`li[data-log-line][data-span-id="${spanId}"]`).first()).toHaveAttribute(
    "data-highlighted",
    "true",
  );
  await page.screenshot({ path: "test-results/e2e/trace-logs.png", fullPage: true });
  expect(errors).toEqual([]);
});

test("panel-logs shows error and warning counts per service, the findings and the top messages", async ({ page }) => {
  await page.goto(SILENT_DROP);
  const panel = page.locator("#panel-logs");
  await expect(panel.getByRole("heading", { name: "Log errors and warnings" })).toBeVisible();
  await expect(panel.getByTestId("logs-absent")).toHaveCount(0);
  const counts = panel.getByTestId("log-counts");
  await expect(counts.first()).toHaveText(/^\d+ errors?, \d+ warnings?$/);
  expect(await counts.count()).toBeGreaterThan(1);
  await expect(panel.getByRole("list", { name: "Log findings" }).locator("li").first()).toBeVisible();
  // The checklist's logs step and the verdict link here.
  await expect(page.locator('li[data-step="logs"]').getByRole("link", { name: "Errors and warnings" })).toHaveAttribute(
    "href",
    "#panel-logs",
  );
  // No horizontal scroll on a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await panel.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("a link to the logs panel lands on it, though the panel is drawn after the page loads", async ({ page }) => {
  // The panels below the first screen come in a chunk of their own (components/workflow/below-fold.tsx):
  // the browser finds no #panel-logs when the page loads, so the page follows the link itself.
  await page.goto(`${SILENT_DROP}#panel-logs`);
  await expect(page.locator("#panel-logs")).toBeInViewport();
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
});

test("a chunk that fails to load costs its panels, not the page", async ({ page }) => {
  // The network drops the chunk of the panels below the first screen (the one holding the logs
  // panel's own text): those panels say so, and the verdict above them stays.
  await page.route("**/_next/static/chunks/*.js", async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (body.includes("This recording holds no logs: it was made before")) return route.abort("failed");
    return route.fulfill({ response, body });
  });
  await page.goto(SILENT_DROP);
  await expect(page.getByRole("alert").filter({ hasText: "The logs panel could not be loaded" })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "The traces panels could not be loaded" })).toBeVisible();
  await expect(page.getByTestId("verdict")).toBeVisible();
});
