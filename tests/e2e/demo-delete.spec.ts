import { expect, test, type Page } from "@playwright/test";

// Deleting from the pages (issue 16): an incident, a share link and a snapshot each have a
// delete button that first asks, saying what goes with it, and only the second click deletes.
// Afterwards the page leaves for a list, and the deleted thing answers 404 everywhere.

const CRASHLOOP = "/workflows/checkout-crashloop";
// Each test renders the heaviest page (a workflow with its traces) and freezes it into a
// snapshot before it deletes anything: more than the default minute on a busy 2-core machine.
test.describe.configure({ timeout: 180_000 });

/** Opens `path` and waits until it is hydrated: a click on a server-rendered button before that does nothing. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
}

/**
 * What the server answers for `path` now, through the browser: a request context would reuse a
 * keep-alive connection the server has meanwhile closed (ECONNRESET on a busy machine).
 */
async function statusOf(page: Page, path: string): Promise<number | undefined> {
  return (await page.goto(path))?.status();
}

async function shareCrashloop(page: Page): Promise<{ slug: string; snapshotId: string }> {
  await page.goto(CRASHLOOP);
  await expect(page.getByTestId("verdict")).toContainText("No consumer on order_confirmed.notification");
  const created = page.waitForResponse((r) => r.url().endsWith("/api/share-links") && r.request().method() === "POST");
  await page.getByRole("button", { name: "Share link" }).click();
  const answer = await created;
  expect(answer.status()).toBe(201);
  return (await answer.json()) as { slug: string; snapshotId: string };
}

test("an incident is deleted from its page after a second, explicit click", async ({ page, request }) => {
  const created = await request.post("/api/incidents", {
    data: {
      title: "Delete me: e2e",
      severity: "sev3",
      startedAt: new Date(Date.now() - 60_000).toISOString(),
      workflowIds: ["checkout-crashloop"],
    },
  });
  expect(created.status()).toBe(201);
  const { incident } = (await created.json()) as { incident: { id: string } };

  await open(page, `/incidents/${incident.id}`);
  await page.getByRole("button", { name: "Delete this incident…" }).click();
  const question = page.getByRole("group", { name: /Delete this incident\?/ });
  await expect(question).toContainText("Its timeline and the snapshots pinned to it go with it");
  // "Keep it" asks nothing of the server: the incident is still there.
  await question.getByRole("button", { name: "Keep it" }).click();
  await expect(question).toBeHidden();
  expect(await statusOf(page, `/api/incidents/${incident.id}`)).toBe(200);
  await open(page, `/incidents/${incident.id}`);

  await page.getByRole("button", { name: "Delete this incident…" }).click();
  await page.getByRole("button", { name: "Yes, delete this incident" }).click();
  // The list renders on the server after the delete: give a busy machine time.
  await expect(page).toHaveURL(/\/incidents$/, { timeout: 30_000 });
  await expect(page.getByRole("link", { name: "Delete me: e2e" })).toHaveCount(0);
  expect(await statusOf(page, `/api/incidents/${incident.id}`)).toBe(404);
});

test("a share link is deleted from its page; its snapshot goes with it", async ({ page }) => {
  const shared = await shareCrashloop(page);
  await open(page, `/s/${shared.slug}`);
  await page.getByRole("button", { name: "Delete this share link…" }).click();
  await page.getByRole("button", { name: "Yes, delete this share link" }).click();
  await expect(page).toHaveURL(/\/$/, { timeout: 30_000 });
  expect(await statusOf(page, `/s/${shared.slug}`)).toBe(404);
  // Nothing else referred to the snapshot, so it was removed with the link.
  expect(await statusOf(page, `/snapshots/${shared.snapshotId}`)).toBe(404);
});

test("a snapshot is deleted from its page with the share links that open it", async ({ page }) => {
  const shared = await shareCrashloop(page);
  await open(page, `/snapshots/${shared.snapshotId}`);
  await page.getByRole("button", { name: "Delete this snapshot…" }).click();
  await expect(page.getByRole("group", { name: /Delete this snapshot\?/ })).toContainText(
    "The share links that open it go with it",
  );
  await page.getByRole("button", { name: "Yes, delete this snapshot" }).click();
  await expect(page).toHaveURL(/\/$/, { timeout: 30_000 });
  expect(await statusOf(page, `/snapshots/${shared.snapshotId}`)).toBe(404);
  expect(await statusOf(page, `/s/${shared.slug}`)).toBe(404);
});

test("a refused delete keeps the page and says why", async ({ page }) => {
  const shared = await shareCrashloop(page);
  await open(page, `/snapshots/${shared.snapshotId}`);
  // Deleted meanwhile (another tab, retention): the second click gets the server's 404.
  expect((await page.request.delete(`/api/snapshots/${shared.snapshotId}`)).status()).toBe(200);
  await page.getByRole("button", { name: "Delete this snapshot…" }).click();
  await page.getByRole("button", { name: "Yes, delete this snapshot" }).click();
  // Next.js keeps a route announcer with role=alert on every page: find ours by its words.
  await expect(page.getByRole("alert").filter({ hasText: "Not deleted:" })).toContainText("not found");
  await expect(page).toHaveURL(new RegExp(`/snapshots/${shared.snapshotId}$`));
});
