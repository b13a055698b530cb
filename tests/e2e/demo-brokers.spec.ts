import { expect, test } from "@playwright/test";

// The demo's recordings of the lab's Kafka, NATS JetStream and Redis Streams faults: the
// workflow page, the flow strip, the incident timeline and the share link work for them as for
// the RabbitMQ checkout (tests/e2e/demo-incident.spec.ts), in the broker's own words.

const KAFKA_STALL = "/workflows/checkout-kafka-stall";

test("a Kafka stall: the page names the stuck topic, the incident timeline detects it, the share link shows the same", async ({
  page,
  browser,
}) => {
  // A share link freezes the window: seconds on CI's two busy cores (as in demo-incident).
  test.setTimeout(180_000);
  await page.goto(KAFKA_STALL);
  await expect(page.getByTestId("replay-banner")).toContainText("kafka-stall recorded from the lab");
  const verdict = page.getByTestId("verdict");
  await expect(verdict).toContainText("kafka-stall.orders");
  await expect(page.getByTestId("headline")).toContainText("Not working");
  await expect(page.getByTestId("headline")).toContainText("kafka-stall.orders: 0 acked of 123 published");
  // Kafka's words: a topic read by a consumer group, not a queue.
  const strip = page.getByTestId("flow-strip");
  await expect(strip).toContainText("producer kafka-stall-producer");
  const topic = strip.locator('li[data-flow-branch="kafka-stall.orders"]');
  await expect(topic).toHaveAttribute("data-broken", "true");
  await expect(topic).toContainText("kafka-stall-service");
  const textOf = async (l: typeof verdict) => ((await l.textContent()) ?? "").replace(/\s+/g, " ").trim();
  const verdictText = await textOf(verdict);

  await page.getByRole("link", { name: "Start incident" }).click();
  await expect(page).toHaveURL(/\/incidents\?workflow=checkout-kafka-stall/);
  await page.getByLabel("Title").fill("Kafka orders not handled");
  await page.getByRole("button", { name: "Start incident" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Kafka orders not handled" })).toBeVisible();
  const timeline = page.getByRole("list", { name: "Timeline" });
  // Filled in by itself from the recording's check transitions, in Burrow's words.
  const stalled = timeline.getByRole("listitem").filter({ hasText: "backlog went critical" });
  await expect(stalled).toContainText("kafka-stall.orders backlog STOP");
  await expect(stalled).toContainText(/critical/i);

  await page.goto(KAFKA_STALL);
  await page.getByRole("button", { name: "Share link" }).click();
  const shared = page.getByRole("status").filter({ hasText: "Share link" }).getByRole("link");
  await expect(shared).toHaveAttribute("href", /\/s\/[A-Za-z0-9_-]+$/, { timeout: 30_000 });
  const link = (await shared.getAttribute("href"))!;
  const colleague = await browser.newContext();
  const other = await colleague.newPage();
  await other.goto(link);
  expect(await textOf(other.getByTestId("verdict"))).toBe(verdictText);
  await expect(other.getByTestId("flow-strip").locator('li[data-flow-branch="kafka-stall.orders"]')).toHaveAttribute(
    "data-broken",
    "true",
  );
  await colleague.close();
});

test("an undeclared Kafka consumer group is drawn on the flow strip as undeclared", async ({ page }) => {
  await page.goto("/workflows/checkout-kafka-undeclared-group");
  await expect(page.getByTestId("verdict")).toContainText("Undeclared consumer kafka-undeclared-group-reporting");
  await expect(
    page.getByTestId("flow-strip").locator('li[data-flow-branch="kafka-undeclared-group.orders"] [data-undeclared]'),
  ).toContainText("kafka-undeclared-group-reporting");
});

test("NATS poison messages: the dead letters are the max-deliveries advisories of the receipts consumer", async ({
  page,
}) => {
  await page.goto("/workflows/checkout-nats-poison");
  await expect(page.getByTestId("replay-banner")).toContainText("nats-poison-messages recorded from the lab");
  await expect(page.getByTestId("verdict")).toContainText("81 messages sit in max deliveries of receipts");
  const strip = page.getByTestId("flow-strip");
  const receipts = strip.locator('li[data-flow-branch="receipts"]');
  // JetStream's words: the dead letters are the advisory stream's, on the consumer that gave up.
  await expect(receipts).toContainText("max-deliveries advisory stream");
  await expect(receipts.locator('[data-edge-status="warning"]').filter({ hasText: "Dead letters" })).toHaveCount(1);
  await expect(strip.locator('li[data-flow-branch="notification"]')).not.toContainText("at risk");
});

test("a hung Redis Streams consumer: the shipping group is the one named", async ({ page }) => {
  await page.goto("/workflows/checkout-redis-stalled");
  await expect(page.getByTestId("replay-banner")).toContainText("redis-stalled-consumer recorded from the lab");
  await expect(page.getByTestId("verdict")).toContainText("No consumer on checkout.order_confirmed (shipping)");
  const broken = page.getByTestId("flow-strip").locator('li[data-broken="true"]');
  await expect(broken).toHaveCount(1);
  await expect(broken).toHaveAttribute("data-flow-branch", "checkout.order_confirmed (shipping)");
});
