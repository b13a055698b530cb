import { expect, test } from "@playwright/test";

// The first thing a newcomer sees: the configured workflows, and a plain statement that no
// source is reachable (this server's sources all point at a closed port) — never a page
// that looks healthy because it has nothing to show.

test("overview lists the configured workflows and says no source is reachable", async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));

  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("link", { name: "Checkout confirmation" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Data sources" }).getByRole("alert")).toContainText(
    "No data source is reachable",
  );
  await expect(page.getByRole("list", { name: "Workflows" })).not.toContainText(/\bok\b/i);
  await page.screenshot({ path: "test-results/e2e/overview.png", fullPage: true });
  expect(consoleErrors).toEqual([]);
});

test("healthz answers for the load balancer without touching the sources", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body).toMatchObject({ status: "ok", workflows: 1 });
  expect(body.database).toMatch(/^PGlite at /);
});

test("robots.txt keeps every page out of search indexes (public/)", async ({ request }) => {
  const response = await request.get("/robots.txt");
  expect(response.status()).toBe(200);
  expect(await response.text()).toMatch(/^User-agent: \*\nDisallow: \/$/m);
});
