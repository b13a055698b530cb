// The exported alert rules in the lab's real Prometheus, delivered by its real Alertmanager
// (lab/alerting.ts): each RabbitMQ fault fires its rule within the rule's for: + 60 s of the
// condition holding, and Alertmanager delivers it, with the bearer token, to the alert sink.
// No Asyncscope server runs during test:lab: its check sweep runs here instead, served where the
// lab's Prometheus scrapes it (check-state-server.ts), so the faults only Asyncscope can judge
// (stolen messages here) page through the rules on asyncscope_check_status.
// tests/e2e-lab/alerts-lab.spec.ts does it with the real server and Alertmanager's webhook.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveCheckState, type CheckStateServer } from "./check-state-server";
import {
  LAB_REQUEST_TIMEOUT_MS,
  labOk,
  poisonOffAndDeadLettersEmptied,
  promQuery,
  purgeQueue,
  Q,
  sleep,
  urls,
  waitUntil,
} from "./helpers";

/** A sweep (10 s) and a scrape (10 s, lab/components.ts) after the check-state server starts, with margin. */
const SWEEP_SETTLE_MS = 30_000;

interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: "pending" | "firing";
  activeAt: string;
}

interface Delivery {
  receivedAt: string;
  authorized: boolean;
  body: {
    status: string;
    alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[];
  };
}

async function alerts(): Promise<PromAlert[]> {
  const res = await fetch(`${urls.prometheus}/api/v1/alerts`, { signal: AbortSignal.timeout(LAB_REQUEST_TIMEOUT_MS) });
  return ((await res.json()) as { data: { alerts: PromAlert[] } }).data.alerts;
}

async function deliveries(): Promise<Delivery[]> {
  const res = await fetch(`${urls.alertSink}/alerts`, { signal: AbortSignal.timeout(LAB_REQUEST_TIMEOUT_MS) });
  return (await res.json()) as Delivery[];
}

/** The rule's for: from what Prometheus loaded (seconds). */
async function ruleFor(alertname: string, severity: string): Promise<number> {
  const res = await fetch(`${urls.prometheus}/api/v1/rules?type=alert`, {
    signal: AbortSignal.timeout(LAB_REQUEST_TIMEOUT_MS),
  });
  const body = (await res.json()) as {
    data: { groups: { name: string; rules: { name: string; duration: number; labels: Record<string, string> }[] }[] };
  };
  const rule = body.data.groups
    .find((g) => g.name === "asyncscope-checkout")
    ?.rules.find((r) => r.name === alertname && r.labels.severity === severity);
  if (!rule) throw new Error(`rule ${alertname} (${severity}) is not loaded`);
  return rule.duration;
}

/**
 * Waits for the rule's condition (its own PromQL, as loaded) to hold for `queue`, then for the
 * alert to fire; returns seconds from the condition holding to firing.
 */
/** Which series of a rule: a queue's, or a check's (the rules on asyncscope_check_status). */
type Subject = { queue: string } | { check: string };
const about = (labels: Record<string, string>, subject: Subject) =>
  "queue" in subject ? labels.queue === subject.queue : labels.check === subject.check;
const named = (subject: Subject) => ("queue" in subject ? subject.queue : subject.check);

async function firesWithin(
  alertname: string,
  severity: string,
  subject: Subject | string,
  conditionTimeoutMs: number,
  faultOnMs: number,
) {
  const which: Subject = typeof subject === "string" ? { queue: subject } : subject;
  const queueName = named(which);
  const forSeconds = await ruleFor(alertname, severity);
  const expr = (await fetchRuleExpr(alertname, severity))!;
  const holdsAt = await waitUntil(
    `the condition of ${alertname} to hold for ${queueName}`,
    async () => ((await promQuery(expr)).some((s) => about(s.metric, which)) ? Date.now() : undefined),
    conditionTimeoutMs,
    2000,
  );
  const limitMs = (forSeconds + 60) * 1000;
  const alert = await waitUntil(
    `${alertname} to fire for ${queueName} within for: ${forSeconds} s + 60 s`,
    async () =>
      (await alerts()).find(
        (a) =>
          a.state === "firing" &&
          // CI runs the brokers' fault suites beside this one: their workflows' alerts share
          // the rule and check names.
          a.labels.workflow === "checkout" &&
          a.labels.alertname === alertname &&
          a.labels.severity === severity &&
          about(a.labels, which),
      ),
    limitMs,
    2000,
  );
  // The fault raised it: it was not already pending from an earlier test's leftovers.
  expect(Date.parse(alert.activeAt), `${alertname} active since ${alert.activeAt}`).toBeGreaterThanOrEqual(
    faultOnMs - 5000,
  );
  return { alert, seconds: (Date.now() - holdsAt) / 1000, forSeconds };
}

/** Waits until the rule's condition holds for nothing about `subject` (an earlier test's traces gone). */
async function conditionClear(alertname: string, severity: string, subject: Subject | string, timeoutMs: number) {
  const which: Subject = typeof subject === "string" ? { queue: subject } : subject;
  const expr = (await fetchRuleExpr(alertname, severity))!;
  await waitUntil(
    `the condition of ${alertname} to clear for ${named(which)}`,
    async () => !(await promQuery(expr)).some((s) => about(s.metric, which)),
    timeoutMs,
    2000,
  );
}

async function fetchRuleExpr(alertname: string, severity: string): Promise<string | undefined> {
  const res = await fetch(`${urls.prometheus}/api/v1/rules?type=alert`, {
    signal: AbortSignal.timeout(LAB_REQUEST_TIMEOUT_MS),
  });
  const body = (await res.json()) as {
    data: { groups: { name: string; rules: { name: string; query: string; labels: Record<string, string> }[] }[] };
  };
  return body.data.groups
    .find((g) => g.name === "asyncscope-checkout")
    ?.rules.find((r) => r.name === alertname && r.labels.severity === severity)?.query;
}

async function delivered(alertname: string, queueName: string, status: "firing" | "resolved", sinceMs: number) {
  return waitUntil(
    `Alertmanager to deliver ${alertname} ${status} for ${queueName} to the sink`,
    async () =>
      (await deliveries()).find(
        (d) =>
          Date.parse(d.receivedAt) >= sinceMs &&
          d.body.alerts.some(
            (a) => a.status === status && a.labels.alertname === alertname && a.labels.queue === queueName,
          ),
      ),
    90_000,
    2000,
  );
}

describe("alert rules in the lab", () => {
  let checkState: CheckStateServer;
  beforeAll(async () => {
    checkState = await serveCheckState();
  });
  afterAll(async () => {
    await checkState.close();
  });

  it("Prometheus has the exported rules and Alertmanager is ready", async () => {
    const rules = await fetch(`${urls.prometheus}/api/v1/rules?type=alert`).then(
      (r) => r.json() as Promise<{ data: { groups: { name: string; rules: { name: string; health: string }[] }[] } }>,
    );
    const group = rules.data.groups.find((g) => g.name === "asyncscope-checkout");
    expect(group, "lab up loads asyncscope-checkout").toBeDefined();
    const names = new Set(group!.rules.map((r) => r.name));
    for (const name of ["AsyncscopeNoConsumer", "AsyncscopeAcksStopped", "AsyncscopeDeadLettersGrowing"])
      expect(names, name).toContain(name);
    expect(group!.rules.filter((r) => r.health === "err")).toEqual([]);
    expect((await fetch(`${urls.alertmanager}/-/ready`)).ok).toBe(true);
  });

  describe("the crash loop (seed 001)", () => {
    afterAll(async () => {
      await labOk("fault", "consumer-crashloop", "off");
    });

    // The whole test may take longer than the lab's default 180 s: clearing the condition, the
    // rule's for:, delivery, then the resolution's delivery. The bound it asserts is firesWithin's.
    it(
      "fires AsyncscopeNoConsumer within for: + 60 s, delivered with the token and a link to the page",
      { timeout: 6 * 60_000 },
      async () => {
        await conditionClear("AsyncscopeNoConsumer", "critical", Q.notification, 60_000);
        const startedMs = Date.now();
        await labOk("fault", "consumer-crashloop", "on");
        const { alert, seconds, forSeconds } = await firesWithin(
          "AsyncscopeNoConsumer",
          "critical",
          Q.notification,
          60_000,
          startedMs,
        );
        console.log(
          `AsyncscopeNoConsumer fired ${seconds.toFixed(0)} s after its condition held (for: ${forSeconds} s)`,
        );
        expect(alert.labels).toMatchObject({ workflow: "checkout", check: "consumers-alive", vhost: "/" });
        expect(alert.annotations.dashboard).toMatch(
          /\/workflows\/checkout\?from=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ&to=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
        );
        const delivery = await delivered("AsyncscopeNoConsumer", Q.notification, "firing", startedMs);
        expect(delivery.authorized, "Alertmanager sends the lab's bearer token").toBe(true);

        await labOk("fault", "consumer-crashloop", "off");
        const resolved = await delivered("AsyncscopeNoConsumer", Q.notification, "resolved", startedMs);
        expect(resolved.authorized).toBe(true);
      },
    );
  });

  describe("poison messages (seed 002)", () => {
    afterAll(poisonOffAndDeadLettersEmptied);

    it(
      "fires AsyncscopeDeadLettersGrowing within for: + 60 s",
      async () => {
        // 14-poison-messages grew the dead-letter queues minutes ago: empty them and wait until
        // the rule no longer sees growth, so what fires below is this fault's.
        await purgeQueue(Q.notificationDlq);
        await purgeQueue(Q.inventoryDlq);
        await conditionClear("AsyncscopeDeadLettersGrowing", "warning", Q.notificationDlq, 120_000);
        const startedMs = Date.now();
        await labOk("fault", "poison-messages", "on", "--share", "0.2");
        const { alert, seconds, forSeconds } = await firesWithin(
          "AsyncscopeDeadLettersGrowing",
          "warning",
          Q.notificationDlq,
          60_000,
          startedMs,
        );
        console.log(
          `AsyncscopeDeadLettersGrowing fired ${seconds.toFixed(0)} s after its condition held (for: ${forSeconds} s)`,
        );
        expect(alert.labels).toMatchObject({ workflow: "checkout", check: "dead-letters" });
      },
      6 * 60_000,
    );
  });

  describe("a consumer down", () => {
    afterAll(async () => {
      await labOk("fault", "consumer-down", "off");
    });

    it("fires AsyncscopeNoConsumer for inventory within for: + 60 s", async () => {
      await conditionClear("AsyncscopeNoConsumer", "critical", Q.inventory, 60_000);
      const startedMs = Date.now();
      await labOk("fault", "consumer-down", "on", "--service", "inventory-service");
      const { seconds, forSeconds } = await firesWithin(
        "AsyncscopeNoConsumer",
        "critical",
        Q.inventory,
        60_000,
        startedMs,
      );
      console.log(
        `AsyncscopeNoConsumer (inventory) fired ${seconds.toFixed(0)} s after its condition held (for: ${forSeconds} s)`,
      );
      // Nothing else has the no-consumer alert: the notification queue has its consumer.
      await sleep(1000);
      const others = (await alerts()).filter(
        (a) =>
          a.state === "firing" &&
          a.labels.alertname === "AsyncscopeNoConsumer" &&
          a.labels.workflow === "checkout" &&
          a.labels.queue !== Q.inventory,
      );
      expect(others).toEqual([]);
    });
  });

  // A fault only Asyncscope can judge (who consumes, from the management API) pages through the
  // rule on asyncscope_check_status. One check is enough here: the rule is the same for every
  // check, and each check turning critical under its fault is tested in analysis-faults. (The
  // silent-drop case ran here too: three more minutes of CI for the same rule.)
  describe.each([{ fault: "stolen-messages", check: "unexpected-consumers" }])("$fault", ({ fault, check }) => {
    afterAll(async () => {
      await labOk("fault", fault, "off");
    });

    it(
      `fires AsyncscopeCheckCritical for ${check} within for: + 60 s of the check state turning critical`,
      async () => {
        // An earlier test's fault may stay in the 15-minute window the sweep judges: wait until
        // the state is no longer critical, so what fires below is this fault's.
        await sleep(SWEEP_SETTLE_MS);
        await conditionClear("AsyncscopeCheckCritical", "critical", { check }, 360_000);
        const startedMs = Date.now();
        await labOk("fault", fault, "on");
        // Traces need the 30 s orphan grace and a sweep or two: the state may take its time.
        const { alert, seconds, forSeconds } = await firesWithin(
          "AsyncscopeCheckCritical",
          "critical",
          { check },
          180_000,
          startedMs,
        );
        console.log(
          `AsyncscopeCheckCritical (${check}) fired ${seconds.toFixed(0)} s after the state turned critical (for: ${forSeconds} s)`,
        );
        expect(alert.labels).toMatchObject({ workflow: "checkout", check });
        expect(alert.annotations.runbook_url).toMatch(new RegExp(`/workflows/checkout#check-${check}$`));
      },
      15 * 60_000,
    );
  });
});
