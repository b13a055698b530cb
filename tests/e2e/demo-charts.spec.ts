import { expect, test, type Locator } from "@playwright/test";

// The charts of the offline demo read against each other (issue 11): identical lines both
// drawn and labelled, whole-number count axes, check changes marked on the time axis, the
// rate look-back said, and one publish/ack/waiting chart per queue.

const CRASHLOOP = "/workflows/checkout-crashloop";
const DLQ = "/workflows/checkout-dlq-growth";
/** Recharts loads after the page (components/charts/lazy-chart.tsx): slow on a busy machine. */
const CHART_DRAWN = { timeout: 45_000 };

test.describe.configure({ timeout: 120_000 });

/** The drawn lines of a chart: stroke colour, width and whether the path has any segment. */
async function curves(panel: Locator) {
  const paths = panel.locator("path.recharts-line-curve");
  await expect(paths.first()).toBeAttached(CHART_DRAWN);
  return paths.evaluateAll((els) =>
    els.map((el) => ({
      stroke: el.getAttribute("stroke"),
      width: Number(el.getAttribute("stroke-width") ?? 1),
      drawn: (el.getAttribute("d") ?? "").length > 10,
    })),
  );
}

test("two queues' identical publish lines are both drawn and the legend says they overlap", async ({ page }) => {
  await page.goto(CRASHLOOP);
  const panel = page.locator("#panel-throughput");
  await expect(panel.locator('li[data-line="published://order_confirmed.inventory"]')).toContainText(
    "same values as order_confirmed.notification publish/s",
  );
  const drawn = await curves(panel);
  // Four lines (two queues × publish, ack), each in its queue's colour; the one others are
  // stacked on is wider, so its colour shows at the edges of the one drawn over it.
  expect(drawn.filter((c) => c.drawn)).toHaveLength(4);
  expect(new Set(drawn.map((c) => c.stroke)).size).toBe(2);
  expect(Math.max(...drawn.map((c) => c.width))).toBeGreaterThan(2);
  // How the rates are taken is said on the chart (recorded over a range of at most two steps).
  await expect(panel).toContainText("Rates are averages over the last 12s at each point (10 s steps).");
});

test("the two dead-letter queues' series are both labelled", async ({ page }) => {
  await page.goto(DLQ);
  const legend = page.locator("#panel-dlq").getByRole("list", { name: "Legend" });
  await expect(legend.getByRole("listitem")).toHaveCount(2);
  await expect(legend).toContainText("same values as order_confirmed.inventory.dlq");
  expect((await curves(page.locator("#panel-dlq"))).filter((c) => c.drawn)).toHaveLength(2);
});

test("count axes have whole-number ticks, each with its grid line", async ({ page }) => {
  for (const [url, id] of [
    [CRASHLOOP, "#panel-consumers"],
    [CRASHLOOP, "#panel-depth"],
    [DLQ, "#panel-dlq"],
  ] as const) {
    await page.goto(url);
    // Recharts 3 draws tick labels in a layer of their own, outside the axis group: the left
    // axis's labels are the right-aligned ones (the time axis's are centred).
    const ticks = page.locator(`${id} .recharts-cartesian-axis-tick-value[text-anchor="end"]`);
    await expect(ticks.first()).toBeAttached(CHART_DRAWN);
    const labels = await ticks.allTextContents();
    expect(labels.length, id).toBeGreaterThan(1);
    for (const label of labels) expect(label, id).toMatch(/^-?[\d,]+$/);
    // The grid (components/charts/chart-grid.tsx) draws a horizontal line at each left-axis tick.
    const grid = page.locator(`${id} [data-testid="chart-grid"] line`);
    await expect
      .poll(
        () => grid.evaluateAll((lines) => lines.filter((l) => l.getAttribute("y1") === l.getAttribute("y2")).length),
        {
          message: id,
        },
      )
      .toBe(labels.length);
  }
});

test("check changes are marked on the time axis, and each queue has its own publish/ack/waiting chart", async ({
  page,
}) => {
  await page.goto(CRASHLOOP);
  const flows = page.locator("#panel-flows");
  await expect(flows.locator("section[data-flow]")).toHaveCount(3);
  const notification = flows.locator('section[data-flow="order_confirmed.notification"]');
  await expect(notification.getByRole("list", { name: "Legend" })).toContainText("waiting(right axis)");
  expect((await curves(notification)).filter((c) => c.drawn)).toHaveLength(3);
  // The first chart's key is open; the consumer loss is one of its marks, numbered on the chart.
  const key = notification.getByRole("list", { name: "Check changes on the time axis" });
  await expect(key).toContainText("Consumers alive: ok → critical");
  const marks = await key.getByRole("listitem").count();
  await expect(notification.locator(".recharts-reference-line")).toHaveCount(marks);
});

test("the flow strip says where the message stops: the notification queue → consumer edge, in words", async ({
  page,
}) => {
  await page.goto(CRASHLOOP);
  const strip = page.getByTestId("flow-strip");
  await expect(strip).toContainText("producer order-service");
  await expect(strip).toContainText("exchange orders");
  const notification = strip.locator('li[data-flow-branch="order_confirmed.notification"]');
  await expect(notification).toHaveAttribute("data-broken", "true");
  // Said in text, not by colour alone.
  await expect(notification.locator('[data-edge-status="critical"]')).toContainText("broken: Consumers alive");
  await expect(notification).toContainText("consumers 0/1");
  await expect(strip.locator('li[data-flow-branch="order_confirmed.inventory"]')).not.toHaveAttribute(
    "data-broken",
    "true",
  );
  // On a wide screen the branch is one row: the consumer sits right of its queue, not below it.
  const queue = notification.getByText("order_confirmed.notification", { exact: true }).first();
  const consumer = notification.getByText("notification-service", { exact: true });
  const [q, c] = [await queue.boundingBox(), await consumer.boundingBox()];
  expect(c!.x).toBeGreaterThan(q!.x + q!.width);

  await page.goto("/workflows/checkout-stolen-messages");
  const inventory = page.getByTestId("flow-strip").locator('li[data-flow-branch="order_confirmed.inventory"]');
  await expect(inventory.locator("[data-undeclared]")).toHaveText("website-counter (undeclared)");
  // At 1280 px this branch wraps after its broken edge: the consumers continue on a second row,
  // indented under the branch's first box, not at its left edge like the start of a branch.
  const into = (await inventory.locator("[data-edge-status]").first().boundingBox())!;
  const declared = (await inventory.getByText("inventory-service", { exact: true }).boundingBox())!;
  expect(declared.y, "the consumers wrapped to a second row").toBeGreaterThan(into.y + into.height / 2);
  expect(declared.x - into.x, "their indent in px").toBeGreaterThanOrEqual(16);
});
