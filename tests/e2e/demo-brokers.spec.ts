import { expect, test } from "@playwright/test";

// The demo's recordings of the lab's Kafka, NATS JetStream and Redis Streams faults: the
// workflow page, the flow strip, the incident timeline and the share link work for them as for
// the RabbitMQ checkout (tests/e2e/demo-incident.spec.ts), in the broker's own words.

// Each broker's recording, the check its fault turns bad (as the incident timeline says it) and a
// finding of its verdict.
const RECORDINGS = [
  {
    broker: "Kafka",
    id: "checkout-kafka-stall",
    fault: "kafka-stall",
    detected: "backlog went critical",
    detail: "kafka-stall.orders backlog STOP",
    verdict: "kafka-stall.orders: 0 acked of 123 published",
  },
  {
    broker: "NATS JetStream",
    id: "checkout-nats-poison",
    fault: "nats-poison-messages",
    detected: "dead-letters went warning",
    detail: "messages sit in max deliveries of receipts",
    verdict: "81 messages sit in max deliveries of receipts",
  },
  {
    broker: "Redis Streams",
    id: "checkout-redis-stalled",
    fault: "redis-stalled-consumer",
    detected: "consumers-alive went critical",
    detail: "No consumer on checkout.order_confirmed (shipping)",
    verdict: "No consumer on checkout.order_confirmed (shipping)",
  },
];

for (const r of RECORDINGS) {
  test(`${r.broker}: the recorded fault's page, its incident timeline and its share link, as for RabbitMQ`, async ({
    page,
    browser,
  }) => {
    // A share link freezes the window: seconds on CI's two busy cores (as in demo-incident).
    test.setTimeout(180_000);
    await page.goto(`/workflows/${r.id}`);
    await expect(page.getByTestId("replay-banner")).toContainText(`${r.fault} recorded from the lab`);
    const verdict = page.getByTestId("verdict");
    await expect(verdict).toContainText(r.verdict);
    await expect(page.getByTestId("headline")).toContainText("Not working");
    const textOf = async (l: typeof verdict) => ((await l.textContent()) ?? "").replace(/\s+/g, " ").trim();
    const verdictText = await textOf(verdict);

    await page.getByRole("link", { name: "Start incident" }).click();
    await expect(page).toHaveURL(new RegExp(`/incidents\\?workflow=${r.id}`));
    await page.getByLabel("Title").fill(`${r.broker} orders not handled`);
    await page.getByRole("button", { name: "Start incident" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `${r.broker} orders not handled` })).toBeVisible();
    // Filled in by itself from the recording's check transitions, in the broker's words.
    const detected = page.getByRole("list", { name: "Timeline" }).getByRole("listitem").filter({ hasText: r.detected });
    await expect(detected.first()).toContainText(r.detail);

    await page.goto(`/workflows/${r.id}`);
    await page.getByRole("button", { name: "Share link" }).click();
    const shared = page.getByRole("status").filter({ hasText: "Share link" }).getByRole("link");
    await expect(shared).toHaveAttribute("href", /\/s\/[A-Za-z0-9_-]+$/, { timeout: 30_000 });
    const link = (await shared.getAttribute("href"))!;
    // A colleague opens the pasted link: a fresh context, the same findings and the same flow.
    const colleague = await browser.newContext();
    const other = await colleague.newPage();
    await other.goto(link);
    expect(await textOf(other.getByTestId("verdict"))).toBe(verdictText);
    await expect(other.getByTestId("flow-strip")).toHaveText(await page.getByTestId("flow-strip").innerText(), {
      useInnerText: true,
    });
    await colleague.close();
  });
}

test("the Kafka stall's flow strip: the topic read by its group, broken where the records stop", async ({ page }) => {
  await page.goto("/workflows/checkout-kafka-stall");
  // Kafka's words: a topic read by a consumer group, not a queue.
  const strip = page.getByTestId("flow-strip");
  await expect(strip).toContainText("producer kafka-stall-producer");
  await expect(strip).toContainText("topic kafka-stall.orders");
  const topic = strip.locator('li[data-flow-branch="kafka-stall.orders"]');
  await expect(topic).toHaveAttribute("data-broken", "true");
  await expect(topic).toContainText("kafka-stall-service");
  await expect(topic).toContainText("dead-letter topic kafka-stall.orders.DLT");
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
