import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { tabStops } from "./keyboard";

// axe-core on each kind of page of the offline demo (overview, a workflow page with a trace
// open, an incident, a snapshot, a share link), in the light and the dark theme: no serious or
// critical WCAG 2.1 A/AA violation (colour contrast of text is "serious"). Lesser findings are
// attached to the report, not failed on.

const CRASHLOOP = "/workflows/checkout-crashloop";
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** axe's serious and critical violations on the page as it is now, in both themes. */
async function seriousViolations(page: Page, name: string): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
    await test.info().attach(`axe ${name} ${colorScheme}`, {
      body: JSON.stringify(results.violations, null, 2),
      contentType: "application/json",
    });
    for (const violation of results.violations) {
      if (violation.impact !== "serious" && violation.impact !== "critical") continue;
      for (const node of violation.nodes) {
        found.push(
          `${name} (${colorScheme}): ${violation.id} [${violation.impact}] ${node.target.join(" ")}: ${node.failureSummary ?? violation.help}`,
        );
      }
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  return found;
}

// axe injects its script into the page; the app's strict CSP (demo-security.spec.ts) is not under test here.
test.use({ bypassCSP: true });

test("every kind of page passes axe (WCAG 2.1 AA) in both themes, with no serious or critical violation", async ({
  page,
}) => {
  // About 110 s alone; CI runs the lab's suites beside the e2e tests on its two cores, where it
  // ran past 180 s.
  test.setTimeout(360_000);
  const violations: string[] = [];

  await page.goto("/");
  await expect(page.getByRole("link", { name: /notification consumer crash-looping/ })).toBeVisible();
  violations.push(...(await seriousViolations(page, "overview")));

  await page.goto(CRASHLOOP);
  await expect(page.getByTestId("verdict")).toContainText("No consumer on order_confirmed.notification");
  const firstTrace = page.getByRole("list", { name: "Traces" }).getByRole("listitem").first();
  await firstTrace.getByRole("button").click();
  await expect(page.getByRole("region", { name: /^Trace [0-9a-f]{32}$/ })).toBeVisible();
  violations.push(...(await seriousViolations(page, "workflow page")));

  // Share link is the primary action: it says what it gives, shows progress, then the link.
  const share = page.getByRole("button", { name: "Share link" });
  await expect(share).toHaveAccessibleDescription(/same evidence after metrics and traces expire/);
  await expect(page.getByRole("button", { name: "Copy link" })).toHaveAccessibleDescription(/breaks after retention/);
  const created = page.waitForResponse((r) => r.url().endsWith("/api/share-links") && r.request().method() === "POST");
  await share.click();
  const shared = (await (await created).json()) as { slug: string; snapshotId: string };
  await expect(page.getByRole("status").filter({ hasText: "Share link" }).getByRole("link")).toHaveAttribute(
    "href",
    new RegExp(`/s/${shared.slug}$`),
  );

  await page.goto(`/s/${shared.slug}`);
  await expect(page.getByTestId("verdict")).toContainText("No consumer on order_confirmed.notification");
  violations.push(...(await seriousViolations(page, "share link")));

  await page.goto(`/snapshots/${shared.snapshotId}`);
  await expect(page.getByTestId("verdict")).toContainText("No consumer on order_confirmed.notification");
  violations.push(...(await seriousViolations(page, "snapshot")));

  await page.goto("/incidents");
  violations.push(...(await seriousViolations(page, "incident list")));
  await page.getByRole("link", { name: /notification consumer crash-looping/ }).click();
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("consumers-alive went critical");
  violations.push(...(await seriousViolations(page, "incident")));

  expect(violations).toEqual([]);
});

test("with Local chosen, verdict sentences carry no ISO time and name the browser's zone", async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: "Europe/Berlin" });
  const page = await context.newPage();
  await page.goto(CRASHLOOP);
  await expect(page.getByTestId("verdict")).toContainText("No consumer on order_confirmed.notification");
  await page.getByRole("button", { name: "Local", exact: true }).click();
  await expect(page.getByRole("button", { name: "Local", exact: true })).toHaveAttribute("aria-pressed", "true");
  // Redrawn in the browser's zone after hydration (the server sent UTC, named as such).
  await expect(page.getByTestId("refresh-bar").locator("time").first()).toContainText("CET");
  await expect(page.getByTestId("replay-banner").locator("time").first()).toContainText("CET");
  const verdict = page.getByTestId("verdict");
  expect(await verdict.innerText()).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  for (const time of await verdict.locator("time").all()) await expect(time).toContainText("CET");
  expect(await page.getByRole("navigation", { name: "Guided checklist" }).innerText()).not.toMatch(
    /\d{4}-\d\d-\d\dT\d\d:\d\d/,
  );
  await context.close();
});

test("the keyboard reaches the toolbar, the failing checks, the trace rows and Share link", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(CRASHLOOP);
  await expect(page.getByTestId("verdict")).toBeVisible();
  const stops = await tabStops(page);
  const names = stops.map((s) => `${s.tag} ${s.name}`);
  // A recording has no window to pick: its toolbar's controls are the time zone and Copy link.
  expect(
    names.some((n) => /Copy link/.test(n)),
    names.join("\n"),
  ).toBe(true);
  expect(
    stops.some((s) => s.check === "consumers-alive" && s.tag === "a"),
    names.join("\n"),
  ).toBe(true);
  expect(stops.filter((s) => s.inTraces && s.tag === "button").length, names.join("\n")).toBeGreaterThan(0);
  expect(
    names.some((n) => n === "button Share link"),
    names.join("\n"),
  ).toBe(true);
});
