import { expect, test } from "@playwright/test";

// "Config drift" on the demo: each workflow is its recording's, so discovery finds nothing the
// config does not say, and the page shows that as one quiet line.

test("demo: the stolen-messages workflow has no config drift, said in one line", async ({ page }) => {
  await page.goto("/workflows/checkout-stolen-messages");
  await expect(page.getByRole("status").filter({ hasText: "config drift" })).toHaveText(
    "No config drift: the config matches 1000 traces of this flow (the recording stolen-messages.json.gz).",
    { timeout: 30_000 },
  );
  await expect(page.getByRole("heading", { name: "Config drift" })).toHaveCount(0);
});
