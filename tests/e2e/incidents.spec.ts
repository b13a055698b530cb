import { expect, test } from "@playwright/test";

// An on-call engineer opens an incident, writes what they see, moves it along, and pastes
// the link: the timeline keeps everything, a stale edit is refused, the link unfurls.

test("start an incident, add a note, change status, export the review", async ({ page, request }) => {
  await page.goto("/incidents");
  await page.getByLabel("Title").fill("Checkout confirmations stuck");
  await page.getByLabel("Severity").selectOption("sev2");
  await page.getByLabel("Started at (RFC 3339, UTC)").fill("2026-11-23T14:03:00Z");
  await page.getByRole("button", { name: "Start incident" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Checkout confirmations stuck" })).toBeVisible();
  const incidentUrl = page.url();
  const id = incidentUrl.split("/").pop() as string;

  // With every source unreachable the page says the timeline may be incomplete, and why.
  await expect(page.getByRole("status").filter({ hasText: "The timeline may be incomplete" })).toContainText(
    "prometheus down",
  );

  await page.getByLabel("Add a note").fill("All services log 200 OK; checking the queue");
  await page.getByLabel("Your name").fill("alice");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText(
    "All services log 200 OK; checking the queue",
  );

  // The name typed once signs later writes from this browser: the field keeps it, and the
  // status change is alice's, not anonymous.
  await expect(page.getByLabel("Your name")).toHaveValue("alice");
  await expect(page.getByText("Status (as alice)")).toBeVisible();
  await page.getByRole("button", { name: "identified" }).click();
  const statusEvent = page
    .getByRole("list", { name: "Timeline" })
    .getByRole("listitem")
    .filter({ hasText: "Status: investigating → identified" });
  await expect(statusEvent).toContainText("alice");

  // A second tab still holding version 1 is refused instead of overwriting.
  const stale = await request.patch(`/api/incidents/${id}`, { data: { version: 1, status: "resolved" } });
  expect(stale.status()).toBe(409);

  const markdown = await (await request.get(`/api/incidents/${id}/export?format=md`)).text();
  expect(markdown).toContain("# Post-incident review: Checkout confirmations stuck");
  expect(markdown).toMatch(/\| note \| alice \| All services log 200 OK; checking the queue \|/);
  // The export derives the timeline too; with every source unreachable it says what it missed.
  expect(markdown).toMatch(/> The timeline may be incomplete: .*prometheus/);

  const preview = await request.get(`/incidents/${id}/opengraph-image`);
  expect(preview.status()).toBe(200);
  expect(preview.headers()["content-type"]).toBe("image/png");
  expect((await preview.body()).subarray(1, 4).toString()).toBe("PNG");
  await page.screenshot({ path: "test-results/e2e/incident.png", fullPage: true });
});

test("an unknown incident is a 404 page, and its API says so", async ({ page, request }) => {
  const response = await page.goto("/incidents/not-an-incident");
  expect(response?.status()).toBe(404);
  const api = await request.get("/api/incidents/00000000-0000-0000-0000-000000000000");
  expect(api.status()).toBe(404);
  expect(await api.json()).toEqual({ error: "incident 00000000-0000-0000-0000-000000000000 not found" });
});
