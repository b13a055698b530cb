import { expect, test, type Page } from "@playwright/test";

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
});
