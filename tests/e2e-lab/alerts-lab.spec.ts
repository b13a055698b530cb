import { expect, test, type APIRequestContext } from "@playwright/test";
import { urls } from "../../lab/config";
import { FRESH_CONNECTION } from "./fresh-connection";
import { lab, labStatus, withLoad } from "./lab-cli";

// Alerting end to end on the live lab: this server's check state is scraped by the lab's
// Prometheus, the crash loop fires the exported rules, and the lab's Alertmanager delivers
// them to this server's webhook, which records them on an incident timeline people open. The
// lab is shared: the fault is only switched on when none is active, and always off again.

const { up: labUp, code: statusCode, activeFaults } = labStatus();
test.skip(!labUp, `the lab is not up (npm run lab -- status exited ${statusCode}); run npm run lab -- up`);

async function promQuery(
  request: APIRequestContext,
  query: string,
): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const r = await request.get(`${urls.prometheus}/api/v1/query?query=${encodeURIComponent(query)}`);
  expect(r.ok()).toBe(true);
  return ((await r.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }).data
    .result;
}

interface Event {
  kind: string;
  author: string | null;
  body: string;
  link: string | null;
  createdAt: string;
}

/** The alert events written since `sinceMs` on any incident of the checkout workflow. */
async function alertEvents(
  request: APIRequestContext,
  sinceMs: number,
): Promise<{ incidentId: string; event: Event }[]> {
  const list = (await (await request.get("/api/incidents?workflow=checkout&limit=200", FRESH_CONNECTION)).json()) as {
    items: { id: string; workflowIds: string[] }[];
  };
  const found: { incidentId: string; event: Event }[] = [];
  for (const incident of list.items.filter((i) => i.workflowIds.includes("checkout"))) {
    const one = (await (await request.get(`/api/incidents/${incident.id}`, FRESH_CONNECTION)).json()) as {
      incident: { events: Event[] };
    };
    for (const event of one.incident.events)
      if (event.kind === "alert" && Date.parse(event.createdAt) >= sinceMs)
        found.push({ incidentId: incident.id, event });
  }
  return found;
}

test("the crash loop pages through Prometheus and Alertmanager onto an incident timeline", async ({
  page,
  request,
}) => {
  test.skip(activeFaults !== "none", `faults are active on the shared lab (${activeFaults})`);
  test.setTimeout(8 * 60_000);

  // This server's sweep reaches Prometheus: the rules on Asyncscope's own state have data.
  await expect
    .poll(async () => (await promQuery(request, 'asyncscope_check_status{workflow="checkout"}')).length, {
      message: "Prometheus scrapes asyncscope_check_status from this server",
      timeout: 90_000,
      intervals: [3000],
    })
    .toBeGreaterThan(0);

  const stopLoad = withLoad();
  const startedMs = Date.now();
  expect(lab("fault", "consumer-crashloop", "on").code).toBe(0);
  try {
    // The sweep judges the fault: its state in Prometheus turns critical.
    await expect
      .poll(
        async () =>
          (await promQuery(request, 'asyncscope_check_status{workflow="checkout",check="consumers-alive"}'))[0]
            ?.value[1],
        { message: "asyncscope_check_status for consumers-alive turns 2", timeout: 90_000, intervals: [3000] },
      )
      .toBe("2");

    // AsyncscopeNoConsumer (for: 1m) fires, Alertmanager delivers it here, it joins a timeline.
    let delivered: { incidentId: string; event: Event } | undefined;
    await expect
      .poll(
        async () => {
          delivered = (await alertEvents(request, startedMs)).find((e) =>
            e.event.body.startsWith("Alert AsyncscopeNoConsumer firing (critical)"),
          );
          return delivered !== undefined;
        },
        { message: "Alertmanager's AsyncscopeNoConsumer on an incident timeline", timeout: 180_000, intervals: [5000] },
      )
      .toBe(true);
    expect(delivered!.event.author).toBe("Alertmanager");
    expect(delivered!.event.link).toMatch(
      /\/workflows\/checkout\?from=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ&to=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );

    await page.goto(`/incidents/${delivered!.incidentId}`);
    const entry = page
      .getByRole("list", { name: "Timeline" })
      .getByRole("listitem")
      .filter({ hasText: "Alert AsyncscopeNoConsumer firing (critical)" })
      .first();
    await expect(entry).toBeVisible();
    await expect(entry.getByRole("link", { name: "dashboard" })).toHaveAttribute(
      "href",
      /\/workflows\/checkout\?from=.*&to=/,
    );
    await page.screenshot({ path: "test-results/e2e-lab/alert-on-incident.png", fullPage: true });
  } finally {
    expect(lab("fault", "consumer-crashloop", "off").code).toBe(0);
    stopLoad();
  }
});
