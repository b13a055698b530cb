import { expect, test, type Locator, type Page } from "@playwright/test";

// Every kind of page of the offline demo on a phone (390 × 844, the issue's width): nothing
// wider than the screen, so nobody scrolls sideways to read a table or a verdict.

test.use({ viewport: { width: 390, height: 844 } });

/** How far the page is wider than the screen, and the widest elements that stick out. */
async function overflow(page: Page): Promise<{ excess: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const culprits = [...document.querySelectorAll<HTMLElement>("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .filter((el) => !el.closest("[aria-hidden=true]"))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${[...el.classList].slice(0, 3).join(".")}`);
    return { excess: document.documentElement.scrollWidth - width, culprits };
  });
}

test("no page scrolls sideways at 390 px", async ({ page }) => {
  test.setTimeout(120_000);
  const pages: Array<[string, () => Promise<void>]> = [
    ["overview", async () => void (await page.goto("/"))],
    ["workflow", async () => void (await page.goto("/workflows/checkout-silent-drop"))],
    ["incidents", async () => void (await page.goto("/incidents"))],
    [
      "incident",
      async () => {
        await page.goto("/incidents");
        await page.getByRole("link", { name: /notification consumer crash-looping/ }).click();
        await expect(page.getByRole("list", { name: "Timeline" })).toBeVisible();
      },
    ],
    ["sources", async () => void (await page.goto("/sources"))],
  ];
  // A share link and its snapshot, made the way a phone user makes them.
  await page.goto("/workflows/checkout-crashloop");
  const created = page.waitForResponse((r) => r.url().endsWith("/api/share-links") && r.request().method() === "POST");
  await expect(page.getByTestId("verdict")).toContainText("No consumer on order_confirmed.notification");
  await page.getByRole("button", { name: "Share link" }).click();
  const shared = (await (await created).json()) as { slug: string; snapshotId: string };
  pages.push(
    ["share link", async () => void (await page.goto(`/s/${shared.slug}`))],
    ["snapshot", async () => void (await page.goto(`/snapshots/${shared.snapshotId}`))],
  );
  const wide: string[] = [];
  for (const [name, open] of pages) {
    await open();
    await page.waitForLoadState("networkidle");
    const { excess, culprits } = await overflow(page);
    if (excess > 0) wide.push(`${name}: ${excess} px wider (${culprits.join(", ")})`);
  }
  expect(wide).toEqual([]);
});

test("the headline (the verdict in one line) is on the first screen of a workflow page at 390 px", async ({ page }) => {
  await page.goto("/workflows/checkout-crashloop");
  const headline = page.getByTestId("headline");
  await expect(headline).toContainText("Not working");
  await expect(headline).toContainText("No consumer on order_confirmed.notification");
  const box = (await headline.boundingBox())!;
  expect(box.y + box.height, "the headline's bottom, in px from the top of the page").toBeLessThanOrEqual(844);
  // The queue's name is within the two lines shown, not cut by the clamp (beside the badge,
  // ~25 characters a line, it was "order_confirmed.notificatio…"). Chromium lays the clamped
  // lines out of reach of a range's rectangles, so the text is laid out again in an unclamped
  // copy of the same width: the name must end within the link's clamped height, and on its last
  // line leave room for the ellipsis the clamp puts there.
  const nameShown = await headline.locator("a").evaluate((link, name) => {
    const copy = link.cloneNode(true) as HTMLElement;
    copy.classList.remove("line-clamp-2");
    copy.style.cssText = `position: absolute; visibility: hidden; width: ${link.clientWidth}px`;
    link.parentElement!.append(copy);
    try {
      const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const start = node.textContent!.indexOf(name);
        if (start < 0) continue;
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, start + name.length);
        const [box, end] = [copy.getBoundingClientRect(), [...range.getClientRects()].at(-1)!];
        const lineHeight = parseFloat(getComputedStyle(link).lineHeight);
        const context = document.createElement("canvas").getContext("2d")!;
        context.font = getComputedStyle(link).font;
        const ellipsis = context.measureText("…").width;
        if (end.bottom - box.top > link.clientHeight + 1)
          return `cut: it ends ${end.bottom - box.top} px down, ${link.clientHeight} px shown`;
        const onLastLine = end.bottom - box.top > link.clientHeight - lineHeight + 1;
        return onLastLine && end.right + ellipsis > box.right + 1 ? "cut: the ellipsis takes its end" : "shown";
      }
      return "not in the headline's text";
    } finally {
      copy.remove();
    }
  }, "order_confirmed.notification");
  expect(nameShown).toBe("shown");
});

/** The element's bottom edge, in px from the top of the page (the first screen ends at 844). */
async function bottom(locator: Locator): Promise<number> {
  const box = (await locator.boundingBox())!;
  return box.y + box.height;
}

test("the number row is on the first screen at 390 px, with what each recording is about", async ({ page }) => {
  // Poison messages: nothing waits in the queues, hundreds in their DLQs; the row says both.
  await page.goto("/workflows/checkout-dlq-growth");
  const row = page.getByTestId("number-row");
  await expect(row).toContainText(/in DLQs\s*316/);
  await expect(row).toContainText(/waiting\s*0/);
  await expect(page.getByTestId("failing-counts")).toHaveText(/^\d+ critical · \d+ warnings?$/);
  await expect(row.locator('[data-destination="order_confirmed.notification"]')).toContainText(/DLQ\s*158/);
  expect(await bottom(row), "the number row's bottom").toBeLessThanOrEqual(844);

  // Stolen messages: the thief by name, on the first screen.
  await page.goto("/workflows/checkout-stolen-messages");
  const undeclared = page.getByTestId("undeclared-consumers");
  await expect(undeclared).toHaveText("Undeclared consumer: website-counter on order_confirmed.inventory");
  await expect(page.getByTestId("number-row").locator('[data-destination="order_confirmed.inventory"]')).toContainText(
    /consumers\s*2\/1/,
  );
  expect(await bottom(page.getByTestId("number-row"))).toBeLessThanOrEqual(844);

  // Consumer crash loop: none of the one declared consumer is attached.
  await page.goto("/workflows/checkout-crashloop");
  const notification = page.getByTestId("number-row").locator('[data-destination="order_confirmed.notification"]');
  await expect(notification).toContainText(/consumers\s*0\/1/);
  await expect(notification).toContainText(/waiting\s*951/);
  expect(await bottom(page.getByTestId("number-row"))).toBeLessThanOrEqual(844);
  await page.screenshot({ path: "test-results/e2e/phone-number-row-crashloop.png" });
});

test("the overview shows each workflow's numbers: the DLQ depth and the undeclared consumer", async ({ page }) => {
  await page.goto("/");
  const numbers = (id: string) => page.locator(`[data-workflow="${id}"]`).getByTestId("workflow-numbers");
  await expect(numbers("checkout-dlq-growth")).toContainText("in DLQs 316");
  await expect(numbers("checkout-stolen-messages")).toContainText(
    "undeclared: website-counter on order_confirmed.inventory",
  );
  await expect(numbers("checkout-crashloop")).toContainText("consumers 1/2");
});

test("the flow strip stacks on a phone: the broken edge is said, and nothing sticks out", async ({ page }) => {
  await page.goto("/workflows/checkout-crashloop");
  const notification = page.getByTestId("flow-strip").locator('li[data-flow-branch="order_confirmed.notification"]');
  await expect(notification.locator('[data-edge-status="critical"]')).toContainText("broken:");
  // One column: the consumer is below its queue.
  const queue = notification.getByText("order_confirmed.notification", { exact: true }).first();
  const consumer = notification.getByText("notification-service", { exact: true });
  const [q, c] = [await queue.boundingBox(), await consumer.boundingBox()];
  expect(c!.y).toBeGreaterThan(q!.y + q!.height);
  const strip = await page.getByTestId("flow-strip").boundingBox();
  expect(strip!.x + strip!.width).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("the incident filters' date fields show their whole example at 390 px", async ({ page }) => {
  await page.goto("/incidents");
  for (const name of ["Started from", "Started before"]) {
    const field = page.getByRole("textbox", { name });
    // The placeholder's width in the field's own font, against the room inside its padding.
    const fit = await field.evaluate((input: HTMLInputElement) => {
      const style = getComputedStyle(input);
      const context = document.createElement("canvas").getContext("2d")!;
      context.font = style.font;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return { text: context.measureText(input.placeholder).width, room };
    });
    expect(fit.text, `${name}: the placeholder's width against the room in px`).toBeLessThanOrEqual(fit.room);
  }
});
