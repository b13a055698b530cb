import { expect, test, type Page } from "@playwright/test";
import { tabStops } from "./keyboard";

// The workflow page on a server whose every source is a closed port: the verdict is unknown
// (never ok), each panel says which source it has no data from, and a copied link opened in
// a fresh browser shows the same window and the same findings.

const METRIC_PANELS = ["panel-throughput", "panel-depth", "panel-age", "panel-consumers"];

async function windowText(page: Page): Promise<string> {
  return (await page.getByTestId("refresh-bar").locator("span").first().innerText()).trim();
}

test("unreachable sources: verdict unknown, every panel names the source it has no data from", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  const response = await page.goto("/workflows/checkout");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Checkout confirmation" })).toBeVisible();
  await expect(page.getByTestId("verdict-status")).toHaveText("unknown");
  await expect(page.getByTestId("verdict")).not.toContainText(/Verdict: ok/i);
  for (const id of METRIC_PANELS) {
    await expect(page.locator(`#${id}`).getByRole("alert")).toContainText("No data from Prometheus");
  }
  await expect(page.locator("#panel-dlq").getByRole("alert")).toContainText("No data from RabbitMQ");
  await expect(page.locator("#panel-consumer-list").getByRole("alert")).toContainText("No data from RabbitMQ");
  await expect(page.locator("#panel-traces").getByRole("alert")).toContainText("No data from Jaeger");
  await expect(page.locator("#panel-trace-list").getByRole("alert")).toContainText("No data from Jaeger");
  // The checklist is there, each step with its status and a link to its proof.
  await expect(page.getByRole("list", { name: "Checklist steps" }).locator("li[data-step]")).toHaveCount(4);
  await expect(page.locator('li[data-step="metrics"]').getByRole("link", { name: "Publish vs ack" })).toHaveAttribute(
    "href",
    "#panel-throughput",
  );
  // The refresh interval is on screen, with a pause control that works.
  await expect(page.getByTestId("refresh-bar")).toContainText("Auto-refresh every 15 s");
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByTestId("refresh-bar")).toContainText("Auto-refresh paused");
  await page.getByRole("button", { name: "Resume" }).click();
  // Alert rules load when the disclosure is first opened (a chunk of their own), even with every
  // source down: the rules come from the config, and what the broker could not add is named.
  await page.getByText("Alert rules", { exact: true }).click();
  await expect(page.getByLabel("prometheus alert rules")).toContainText("groups:");
  await expect(page.getByText(/^Not covered: /)).toBeVisible();
  await page.screenshot({ path: "test-results/e2e/workflow-unreachable.png", fullPage: true });
  expect(errors).toEqual([]);
});

test("the view API says the same, and keeps the health API's contract on from/to", async ({ request }) => {
  const from = "2026-11-23T19:00:00Z";
  const to = "2026-11-23T19:15:00Z";
  const view = await request.get(`/api/workflows/checkout/view?from=${from}&to=${to}`);
  expect(view.status()).toBe(200);
  const body = await view.json();
  expect(body.health.status).toBe("unknown");
  expect(body.window).toEqual({ fromMs: Date.parse(from), toMs: Date.parse(to) });
  expect(body.charts.depth).toMatchObject({ ok: false, source: "prometheus" });
  const health = await (await request.get(`/api/workflows/checkout/health?from=${from}&to=${to}`)).json();
  expect(health.window).toEqual({ from: "2026-11-23T19:00:00.000Z", to: "2026-11-23T19:15:00.000Z" });
  expect(body.health.window).toEqual(health.window);
  expect((await request.get("/api/workflows/checkout/view?from=yesterday&to=now")).status()).toBe(400);
  expect((await request.get("/api/workflows/nope/view")).status()).toBe(404);
  // `at`, the moment a poll was sent for (lib/view/poll-moment.ts): never answered for a moment
  // ahead of the server's clock, and anything but epoch ms is a 400. Late polls: unit-tested.
  const ahead = await (await request.get(`/api/workflows/checkout/view?range=15m&at=${Date.now() + 60_000}`)).json();
  expect(ahead.window.toMs).toBeLessThanOrEqual(Date.now());
  const badAt = await request.get("/api/workflows/checkout/view?range=15m&at=soon");
  expect(badAt.status()).toBe(400);
  expect(await badAt.json()).toMatchObject({ parameter: "at" });
});

test("an unknown workflow id is the not-found page", async ({ page }) => {
  const response = await page.goto("/workflows/no-such-workflow");
  expect(response?.status()).toBe(404);
  await expect(page.getByText(/could not be found|not found/i).first()).toBeVisible();
});

test("a copied link opened in a fresh browser shows the same window and findings", async ({
  page,
  browser,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/workflows/checkout?range=1h");
  await expect(page.getByTestId("verdict-status")).toBeVisible();
  // A live workflow has a window picker (a recording shows its own window instead: demo-incident.spec.ts).
  await expect(page.getByRole("combobox", { name: "Window", exact: true })).toHaveValue("1h");
  // Paused, so the window on screen cannot move between reading it and copying it.
  await page.getByRole("button", { name: "Pause" }).click();
  const shown = await windowText(page);
  const verdict = await page.getByTestId("verdict-status").innerText();
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Link copied" })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/\/workflows\/checkout\?from=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ&to=/);
  expect(link).not.toContain("range=");

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByTestId("verdict-status")).toHaveText(verdict);
  expect(await windowText(other)).toBe(shown);
  const from = new URL(link).searchParams.get("from")!;
  const to = new URL(link).searchParams.get("to")!;
  expect(Date.parse(to) - Date.parse(from)).toBe(3600_000);
  await other.screenshot({ path: "test-results/e2e/workflow-shared-link.png", fullPage: true });
  await fresh.close();
});

test("refreshes that keep failing: the page says since when it has nothing new, and an ok verdict stops being green", async ({
  page,
}) => {
  // Every source of this server is a closed port, so its verdict is never ok. To see an ok go
  // stale, the browser's view of the API is rewritten here (Playwright routing, the only way to
  // put a healthy verdict and then an outage in front of the real page): the first refresh is
  // the server's own answer marked ok, the next two fail as a dead server or proxy would, the
  // last one is the server's answer again.
  let mode: "ok" | "fail" | "pass" = "ok";
  const polled: string[] = [];
  await page.route("**/api/workflows/checkout/view?*", async (route) => {
    polled.push(route.request().url());
    if (mode === "fail") return route.fulfill({ status: 503, contentType: "text/plain", body: "upstream unavailable" });
    const response = await route.fetch();
    const body = await response.json();
    if (mode === "ok") body.health = { ...body.health, status: "ok", summary: "All 12 checks ok." };
    return route.fulfill({ response, json: body });
  });
  await page.goto("/workflows/checkout");
  const refresh = page.getByRole("button", { name: "Refresh now" });
  const verdict = page.getByTestId("verdict-status");
  await refresh.click();
  await expect(verdict).toHaveText("ok");
  mode = "fail";
  await refresh.click();
  // One failed refresh: said in the refresh bar, the data on screen still stands.
  await expect(page.getByTestId("refresh-bar")).toContainText("Refresh failed (Asyncscope API answered 503");
  await expect(page.getByTestId("verdict-stale")).toHaveCount(0);
  await expect(verdict).toHaveText("ok");
  await refresh.click();
  // Two in a row: the verdict box says as of when, why, and no longer shows ok.
  await expect(page.getByTestId("verdict-stale")).toContainText(
    /^As of .+ — refresh failing: Asyncscope API answered 503/,
  );
  await expect(verdict).toHaveText("unknown");
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-stale", "true");
  await page.screenshot({ path: "test-results/e2e/workflow-refresh-failing.png", fullPage: false });
  mode = "pass";
  await refresh.click();
  await expect(page.getByTestId("verdict-stale")).toHaveCount(0);
  await expect(verdict).toHaveText("unknown"); // the server's own verdict: its sources are down
  // Each refresh says which moment it is for (lib/view/poll-moment.ts), within the last minute.
  expect(polled.length).toBeGreaterThanOrEqual(4);
  for (const url of polled) expect(Date.now() - Number(new URL(url).searchParams.get("at"))).toBeLessThan(60_000);
});

test("the keyboard reaches the window picker, the checks that cannot be judged and Share link", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/workflows/checkout");
  await expect(page.getByTestId("verdict")).toBeVisible();
  const stops = await tabStops(page);
  const names = stops.map((s) => `${s.tag} ${s.name}`);
  expect(names, names.join("\n")).toContain("select Window");
  // The unknown checks fold behind a disclosure the keyboard opens.
  expect(
    names.some((n) => /^summary \d+ checks? cannot be judged/.test(n)),
    names.join("\n"),
  ).toBe(true);
  expect(names, names.join("\n")).toContain("button Share link");
});
