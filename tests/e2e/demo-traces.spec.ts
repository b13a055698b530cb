import { expect, test, type Locator, type Page } from "@playwright/test";

// The traces panel on the offline demo's silent-drop recording (demo/asyncscope.demo.yaml):
// inventory-service acks a share of its messages without updating stock, so 236 judged traces
// lack inventory-service/stock.update (tests/unit/view/trace-groups-demo.test.ts). They read as
// one group with a count, a trace opens its waterfall right under its row, in view, with a time
// ruler and a row for the span that never happened; and nothing scrolls sideways on a phone.

const SILENT_DROP = "/workflows/checkout-silent-drop";

/** Opens the first member of the incomplete group; returns the trace's id and its region. */
async function openFirstIncomplete(page: Page): Promise<{ traceId: string; member: Locator; trace: Locator }> {
  const group = page.locator("#panel-trace-list li[data-trace-group='incomplete']");
  const member = group.locator("li[data-trace]").first();
  await member.scrollIntoViewIfNeeded();
  const traceId = (await member.getAttribute("data-trace"))!;
  const opener = member.getByRole("button", { name: traceId.slice(0, 16) });
  // A click before hydration does nothing: click again until the trace is open (it toggles, so only while closed).
  await expect(async () => {
    if ((await opener.getAttribute("aria-expanded")) !== "true") await opener.click();
    await expect(page).toHaveURL(new RegExp(`trace=${traceId}`), { timeout: 1000 });
  }).toPass();
  return { traceId, member, trace: page.getByRole("region", { name: `Trace ${traceId}` }) };
}

test("identical incomplete traces are one group with a count, unfolded to their newest members", async ({ page }) => {
  await page.goto(SILENT_DROP);
  const list = page.locator("#panel-trace-list");
  const groups = list.locator("li[data-trace-group]");
  await expect(groups.first()).toBeVisible();
  const incomplete = list.locator("li[data-trace-group='incomplete']");
  await expect(incomplete).toHaveCount(1);
  await expect(incomplete.getByTestId("trace-group-count")).toHaveText("236 traces");
  await expect(incomplete).toHaveAttribute("data-count", "236");
  // The missing span is named once, on the group, not on each of its rows.
  await expect(list.getByText("Missing:", { exact: false })).toHaveCount(1);
  await expect(incomplete.locator("p", { hasText: "Missing:" })).toContainText("inventory-service/stock.update");
  // Its newest members are listed under it, each a trace id and its time, not a repeat of the finding.
  const members = incomplete.locator("li[data-trace]");
  await expect(members).toHaveCount(5);
  for (const member of await members.all()) await expect(member).not.toContainText("Missing");
  // Each group says something different.
  const texts = await groups.evaluateAll((els) => els.map((e) => e.firstElementChild?.textContent ?? ""));
  expect(new Set(texts).size).toBe(texts.length);
  // The fold control says which group it folds, and folds it.
  const fold = incomplete.getByRole("button", { name: /^Hide 5 newest of 236 incomplete traces: missing / });
  await expect(async () => {
    if ((await fold.getAttribute("aria-expanded")) === "true") await fold.click();
    await expect(members).toHaveCount(0, { timeout: 1000 });
  }).toPass();
  await expect(incomplete.getByRole("button", { name: /^Show 5 newest of 236 incomplete traces/ })).toHaveAttribute(
    "aria-expanded",
    "false",
  );
});

test("a trace opens in place, in view and focused, with a time ruler and a row for its missing span", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(SILENT_DROP);
  const { traceId, member, trace } = await openFirstIncomplete(page);
  // In place: inside the row that was clicked, not after the whole list.
  await expect(member.getByRole("region", { name: `Trace ${traceId}`, exact: true })).toHaveCount(1);
  await expect(trace).toBeFocused();
  const waterfall = trace.getByTestId("waterfall");
  await expect(waterfall).toBeInViewport();
  // The ruler: ticks from 0, labelled with a unit.
  const ticks = waterfall.getByTestId("waterfall-ruler").locator("[data-tick]");
  expect(await ticks.count()).toBeGreaterThanOrEqual(3);
  await expect(ticks.first()).toHaveText("0");
  await expect(ticks.nth(1)).toHaveText(/^\d+(\.\d+)? (µs|ms|s)$/);
  // The span that never happened, named and said in words, under the consumer that skipped it.
  const placeholder = waterfall.getByRole("listitem", {
    name: /^Missing expected span: inventory-service stock\.update, never recorded in this trace$/,
  });
  await expect(placeholder).toBeVisible();
  await expect(placeholder).toContainText("missing: never recorded");
  const order = await waterfall
    .getByRole("list", { name: "Spans" })
    .locator(":scope > li")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-missing-span") ?? e.textContent ?? ""));
  const consumer = order.findIndex((t) => t.includes("inventory-service") && t.includes("order_confirmed.inventory"));
  expect(consumer).toBeGreaterThanOrEqual(0);
  expect(order.indexOf("inventory-service/stock.update")).toBeGreaterThan(consumer);
  await page.screenshot({ path: "test-results/e2e/trace-open-desktop.png" });
});

test("on a phone the open trace is in view and nothing scrolls sideways", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(SILENT_DROP);
  const { trace } = await openFirstIncomplete(page);
  await expect(trace.getByTestId("waterfall")).toBeInViewport();
  await expect(
    trace.getByRole("listitem", { name: /^Missing expected span: inventory-service stock\.update/ }),
  ).toBeVisible();
  // The span names keep their distinguishing end visible: "…inventory", not "process order_confi…".
  const tail = trace.getByTestId("waterfall").getByText("inventory", { exact: true }).first();
  await expect(tail).toBeInViewport();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: "test-results/e2e/trace-open-phone.png" });
});
