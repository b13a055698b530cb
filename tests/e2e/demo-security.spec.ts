import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";

// The demo in Chromium as an attacker's page and as a strict browser see it: a page on another
// origin cannot make the user's browser write (a form post, a no-cors fetch) or frame the app,
// and the app's own pages run under their Content-Security-Policy without a single violation.

const CRASHLOOP = "/workflows/checkout-crashloop";

/** Records every CSP violation the page reports, from before its first script runs. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction("__reportCsp", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { __reportCsp: (t: string) => void }).__reportCsp(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  return violations;
}

test("every kind of page runs under its CSP with nothing blocked, and says so in its headers", async ({ page }) => {
  const violations = await watchCsp(page);
  const overview = await page.goto("/");
  const headers = overview!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  await expect(page.getByRole("link", { name: /notification consumer crash-looping/ })).toBeVisible();

  // The workflow page, hydrated: opening a trace and sharing are client-side.
  await page.goto(CRASHLOOP);
  await expect(page.getByTestId("verdict")).toContainText("No consumer on order_confirmed.notification");
  const firstTrace = page.getByRole("list", { name: "Traces" }).getByRole("listitem").first();
  await firstTrace.getByRole("button").click();
  await expect(page.getByRole("region", { name: /^Trace [0-9a-f]{32}$/ })).toBeVisible();
  const created = page.waitForResponse((r) => r.url().endsWith("/api/share-links") && r.request().method() === "POST");
  await page.getByRole("button", { name: "Share link" }).click();
  const shared = (await (await created).json()) as { slug: string; snapshotId: string };
  expect(shared.snapshotId).toBeTruthy();

  await page.goto(`/s/${shared.slug}`);
  await expect(page.getByTestId("verdict")).toContainText("No consumer on order_confirmed.notification");
  await page.goto(`/snapshots/${shared.snapshotId}`);
  await expect(page.getByTestId("verdict")).toContainText("No consumer on order_confirmed.notification");

  await page.goto("/incidents");
  await page.getByRole("link", { name: /notification consumer crash-looping/ }).click();
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("consumers-alive went critical");
  // A write from the app's own page passes the cross-site check.
  await page.getByLabel("Add a note").fill("written under the CSP");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("written under the CSP");

  await page.goto("/sources");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(violations).toEqual([]);
});

test.describe("a page on another origin", () => {
  // A second origin on loopback (another port is another origin), serving the attacker's page.
  let attacker: Server;
  let attackerOrigin: string;
  let html = "";

  test.beforeAll(async () => {
    attacker = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(html);
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  });

  test.afterAll(async () => {
    await new Promise((resolve) => attacker.close(resolve));
  });

  test("cannot create incidents through the user's browser, by form or by fetch", async ({
    page,
    request,
    baseURL,
  }) => {
    const before = ((await (await request.get("/api/incidents?limit=200")).json()) as { items: unknown[] }).items
      .length;
    const incident = {
      title: "forged",
      severity: "sev1",
      startedAt: "2026-11-23T14:03:00Z",
      workflowIds: ["checkout-crashloop"],
    };
    // A text/plain form whose body is the JSON: the classic CSRF that needs no preflight. The
    // browser sends name=value, so the name ends inside the author string and the value closes it.
    const [name, value] = [JSON.stringify({ ...incident, author: "" }).slice(0, -2), '"}'];
    html = `<form method="POST" action="${baseURL}/api/incidents" enctype="text/plain">
      <input name='${name}' value='${value}'></form>
      <script>
        fetch(${JSON.stringify(`${baseURL}/api/incidents`)}, { method: "POST", mode: "no-cors",
          headers: { "content-type": "text/plain" }, body: ${JSON.stringify(JSON.stringify(incident))} })
          .finally(() => document.forms[0].submit());
      </script>`;
    const answers: number[] = [];
    page.on("response", (r) => {
      if (r.url() === `${baseURL}/api/incidents` && r.request().method() === "POST") answers.push(r.status());
    });
    await page.goto(attackerOrigin);
    await expect(page.locator("body")).toContainText("cross-site request refused");
    expect(answers).toEqual([403, 403]);
    const after = ((await (await request.get("/api/incidents?limit=200")).json()) as { items: unknown[] }).items.length;
    expect(after).toBe(before);
  });

  test("cannot frame the app", async ({ page, baseURL }) => {
    html = `<iframe id="app" src="${baseURL}/incidents" width="800" height="600"></iframe>`;
    await page.goto(attackerOrigin);
    await expect(page.locator("#app")).toBeAttached();
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    // Chromium shows its own error page in place of a frame the CSP refuses.
    await expect.poll(() => frame.url()).toMatch(/^chrome-error:/);
    await expect(frame.locator("main#main")).toHaveCount(0);
  });
});
