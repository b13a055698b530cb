import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { alert, notification } from "../support/alertmanager-payload";

// Alertmanager posts a firing alert to the webhook (as its receiver does: JSON, a bearer
// token, no Origin): the alert appears on the incident's timeline, its dashboard a link. The
// smoke server keeps its database between runs, so the alert is made unique per run and may
// join an open checkout incident an earlier test left behind: the answer says which.

const TOKEN = "e2e-alertmanager-token-0123456789abcdef"; // playwright.config.ts gives the smoke server the same

test("an Alertmanager notification lands on the incident timeline with its dashboard link", async ({
  page,
  request,
}) => {
  const fingerprint = randomBytes(8).toString("hex");
  const summary = `Checkout confirmation: no ack on order_confirmed.notification (e2e ${fingerprint})`;
  const payload = notification([
    alert({
      fingerprint,
      summary,
      startsAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      dashboard: "/workflows/checkout?range=1h",
    }),
  ]);

  const refused = await request.post("/api/alerts/alertmanager", { data: payload });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toContain("Bearer");

  const delivered = await request.post("/api/alerts/alertmanager", {
    data: payload,
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(delivered.status()).toBe(200);
  const result = (await delivered.json()) as { recorded: number; alerts: Array<{ incidentId: string }> };
  expect(result.recorded).toBe(1);
  const incidentId = result.alerts[0]!.incidentId;

  // Alertmanager repeats itself; the timeline does not.
  const repeated = await request.post("/api/alerts/alertmanager", {
    data: payload,
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(await repeated.json()).toMatchObject({ recorded: 0, alreadyRecorded: 1 });

  await page.goto(`/incidents/${incidentId}`);
  const entries = page.getByRole("list", { name: "Timeline" }).getByRole("listitem").filter({ hasText: summary });
  await expect(entries).toHaveCount(1);
  await expect(entries).toContainText(`Alert AsyncscopeAcksStopped firing (critical): ${summary}`);
  await expect(entries).toContainText("Alertmanager");
  const dashboard = entries.getByRole("link", { name: "dashboard" });
  await expect(dashboard).toHaveAttribute("href", "/workflows/checkout?range=1h");
  await page.screenshot({ path: "test-results/e2e/alertmanager-incident.png", fullPage: true });
  await dashboard.click();
  await expect(page).toHaveURL(/\/workflows\/checkout\?range=1h$/);
});
