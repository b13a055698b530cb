import { expect, test } from "@playwright/test";

// "Config drift" on the workflow page with every source at a closed port: the verdict is drawn
// without waiting for it, and the drift note says it could not be judged and why, as a quiet
// line (never an alarm, never "no drift").

test("unreachable sources: drift is not judged, and the note says which source failed", async ({ page }) => {
  await page.goto("/workflows/checkout");
  await expect(page.getByTestId("verdict-status")).toHaveText("unknown");
  const note = page.getByRole("status").filter({ hasText: "Config drift" });
  await expect(note).toContainText(
    "Config drift not judged from the live sources, traces of the last 60 minutes: traces not read (",
    { timeout: 30_000 },
  );
  await expect(note.getByRole("list", { name: "Not read for drift" })).toContainText("broker not read (");
  await expect(page.getByRole("heading", { name: "Config drift" })).toHaveCount(0);
});
