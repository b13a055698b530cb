import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reviewJson, reviewMarkdown, type ReviewInput } from "./export";

// Golden test: the Markdown review of the stuck-queue incident must match the committed
// file byte for byte. After an intended change, regenerate with UPDATE_GOLDEN=1 and review
// the diff like any other change.
const GOLDEN = path.resolve(import.meta.dirname, "../../tests/fixtures/incidents/stuck-queue-review.golden.md");

const input: ReviewInput = {
  incident: {
    id: "6f1c2a4e-0000-4000-8000-000000000001",
    title: "Checkout confirmations stuck | notification consumer down",
    severity: "sev2",
    status: "resolved",
    startedAt: new Date("2026-11-23T14:03:00Z"),
    resolvedAt: new Date("2026-11-23T14:50:00Z"),
    workflowIds: ["checkout"],
    createdBy: "alice",
  },
  events: [
    {
      at: new Date("2026-11-23T14:03:00Z"),
      kind: "detected",
      author: "Asyncscope",
      body: "consumers-alive went critical (was ok): no consumer on order_confirmed.notification",
      checkId: "consumers-alive",
      snapshotId: null,
      evidenceRef: null,
    },
    {
      at: new Date("2026-11-23T14:20:00Z"),
      kind: "note",
      author: "alice",
      body: "All services log 200 OK.\nChecking the queue.",
      checkId: null,
      snapshotId: null,
      evidenceRef: null,
    },
    {
      at: new Date("2026-11-23T14:40:00Z"),
      kind: "evidence",
      author: "bob",
      body: "Pinned: depth chart, 1,200 ready",
      checkId: "backlog",
      snapshotId: "9d7e0000-0000-4000-8000-000000000002",
      evidenceRef: "panel-depth",
    },
    {
      at: new Date("2026-11-23T14:46:00Z"),
      kind: "note",
      author: "alice",
      body: "Root cause: the deployment renamed SMTP_PASSWORD to SMTP_PASS; the consumer exits at start-up.",
      checkId: null,
      snapshotId: null,
      evidenceRef: null,
    },
    {
      at: new Date("2026-11-23T14:48:00Z"),
      kind: "note",
      author: "bob",
      body: "Action: alert when a declared queue has no consumer for 2 min # not only on errors",
      checkId: null,
      snapshotId: null,
      evidenceRef: null,
    },
    {
      at: new Date("2026-11-23T14:50:00Z"),
      kind: "status_change",
      author: "alice",
      body: "Status: monitoring → resolved",
      checkId: null,
      snapshotId: null,
      evidenceRef: null,
    },
  ],
  findings: [
    {
      workflowId: "checkout",
      workflowName: "Checkout confirmation",
      verdict: "critical",
      summary: "order_confirmed.notification has no consumer and 1,200 messages waiting",
      snapshotTakenAt: new Date("2026-11-23T14:40:00Z"),
      checklist: [
        {
          id: "traces",
          order: 2,
          title: "Traces",
          status: "critical",
          checks: ["orphan-publishes"],
          answers: [
            {
              question: "Are published messages consumed?",
              answer: "No: 412 of 430 publishes have no consumer span.",
              status: "critical",
            },
          ],
          evidence: [],
          rulesIn: ["the consumer side"],
          rulesOut: ["the producer"],
          next: [],
        },
        {
          id: "metrics",
          order: 1,
          title: "Metrics",
          status: "critical",
          checks: ["consumers-alive"],
          answers: [{ question: "Is a consumer alive?", answer: "No consumer for 37 min.", status: "critical" }],
          evidence: [],
          rulesIn: [],
          rulesOut: ["publisher outage"],
          next: [],
        },
      ],
    },
  ],
  baseUrl: "https://asyncscope.example.com",
};

describe("post-incident review export", () => {
  it("renders the Markdown review exactly as the golden file", () => {
    const markdown = reviewMarkdown(input);
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN, markdown);
    expect(markdown).toBe(readFileSync(GOLDEN, "utf8"));
  });

  it("keeps a note's line breaks of every kind inside its table row: no forged rows or headings", () => {
    const forged = "fixed it\r| 14:00:00 | note | ceo | all good |\r# Root cause\u2028## done\u2029x\r\ny";
    const markdown = reviewMarkdown({ ...input, events: [{ ...input.events[1]!, body: forged }] });
    const row = markdown.split("\n").find((line) => line.includes("fixed it"))!;
    expect(row).toContain("fixed it \\| 14:00:00 \\| note \\| ceo \\| all good \\| \\# Root cause \\#\\# done x y |");
    expect(markdown).not.toMatch(/[\r\u2028\u2029]/);
    expect(markdown).not.toMatch(/^# Root cause/m);
  });

  it("escapes markup in timeline notes too: no live link, image or HTML from a note", () => {
    const markdown = reviewMarkdown({
      ...input,
      events: [{ ...input.events[1]!, body: "see [here](https://evil.example) ![x](y) <img src=x> `code`" }],
    });
    const row = markdown.split("\n").find((line) => line.includes("see "))!;
    expect(row).toContain("see \\[here\\](https://evil.example) \\!\\[x\\](y) \\<img src=x\\> \\`code\\`");
  });

  it("lists root cause and action items on one line each, their markup escaped", () => {
    const forged = "Root cause: config typo\r## Action items\n- [x] all done <script>";
    const markdown = reviewMarkdown({ ...input, events: [{ ...input.events[1]!, body: forged }] });
    const section = markdown.slice(markdown.indexOf("## Root cause"), markdown.indexOf("## Action items"));
    expect(section).toContain("- config typo \\#\\# Action items - \\[x\\] all done \\<script\\> (alice, ");
    expect(markdown.match(/^## Action items$/gm)).toHaveLength(1);
    expect(markdown).toContain('_None written yet: a note that starts with "Action:" is listed here._');
  });

  it("exports the same facts as JSON", () => {
    const json = reviewJson(input);
    expect(json.incident).toMatchObject({
      impactMinutes: 47,
      minutesToDetect: 0,
      url: "https://asyncscope.example.com/incidents/6f1c2a4e-0000-4000-8000-000000000001",
    });
    expect(json.timeline).toHaveLength(6);
    expect(json.rootCause.map((item) => item.text)).toEqual([
      "the deployment renamed SMTP_PASSWORD to SMTP_PASS; the consumer exits at start-up.",
    ]);
    expect(json.actionItems.map((item) => item.author)).toEqual(["bob"]);
    expect(json.evidence.map((link) => link.url)).toEqual([
      "https://asyncscope.example.com/workflows/checkout?from=2026-11-23T14%3A03%3A00Z&to=2026-11-23T14%3A50%3A00Z",
      "https://asyncscope.example.com/snapshots/9d7e0000-0000-4000-8000-000000000002#panel-depth",
    ]);
    expect(JSON.parse(JSON.stringify(json)).incident.startedAt).toBe("2026-11-23T14:03:00.000Z");
  });
});

describe("evidence links", () => {
  const evidence = (snapshotId: string, evidenceRef: string | null) => ({
    at: new Date("2026-11-23T14:45:00Z"),
    kind: "evidence",
    author: "bob",
    body: "Pinned",
    checkId: null,
    snapshotId,
    evidenceRef,
  });
  const snapshotLinks = (events: ReviewInput["events"]) => reviewJson({ ...input, events }).evidence.slice(1);

  it("land on the pinned item, as the timeline's link does: a chart, a trace, a checklist step", () => {
    const links = snapshotLinks([
      evidence("9d7e0000-0000-4000-8000-000000000002", "panel-depth"),
      evidence("9d7e0000-0000-4000-8000-000000000003", "4bf92f3577b34da6a3ce929d0e0e4736"),
      evidence("9d7e0000-0000-4000-8000-000000000004", "async-path"),
    ]);
    expect(links).toEqual([
      {
        label: "Snapshot 9d7e0000: chart Queue depth",
        url: "https://asyncscope.example.com/snapshots/9d7e0000-0000-4000-8000-000000000002#panel-depth",
      },
      {
        label: "Snapshot 9d7e0000: trace 4bf92f3577b34da6",
        url: "https://asyncscope.example.com/snapshots/9d7e0000-0000-4000-8000-000000000003?trace=4bf92f3577b34da6a3ce929d0e0e4736#panel-trace-list",
      },
      {
        label: "Snapshot 9d7e0000: checklist step async-path",
        url: "https://asyncscope.example.com/snapshots/9d7e0000-0000-4000-8000-000000000004#checklist-async-path",
      },
    ]);
  });

  it("are listed once per snapshot and item: a snapshot two events refer to is one link", () => {
    const links = snapshotLinks([
      evidence("9d7e0000-0000-4000-8000-000000000002", null),
      { ...evidence("9d7e0000-0000-4000-8000-000000000002", null), kind: "note" },
    ]);
    expect(links.map((link) => link.url)).toEqual([
      "https://asyncscope.example.com/snapshots/9d7e0000-0000-4000-8000-000000000002",
    ]);
  });

  it("open the whole snapshot, saying why, for a stored ref this version does not know", () => {
    const [link] = snapshotLinks([evidence("9d7e0000-0000-4000-8000-000000000002", "consumer:notification")]);
    expect(link?.url).toBe("https://asyncscope.example.com/snapshots/9d7e0000-0000-4000-8000-000000000002");
    expect(link?.label).toBe("Snapshot 9d7e0000 (a pinned item this version does not know; opens the whole snapshot)");
  });
});

describe("the link to the impact window", () => {
  const workflowLink = (review: ReviewInput) => new URL(reviewJson(review).evidence[0]!.url);

  it("runs to when the review was made while the incident is ongoing", () => {
    const ongoing: ReviewInput = {
      ...input,
      incident: { ...input.incident, status: "investigating", resolvedAt: null },
      generatedAt: new Date("2026-11-23T15:10:00Z"),
    };
    expect(workflowLink(ongoing).searchParams.get("to")).toBe("2026-11-23T15:10:00Z");
  });

  it("is never an empty window, which the workflow page would refuse", () => {
    const justStarted: ReviewInput = {
      ...input,
      incident: { ...input.incident, status: "investigating", resolvedAt: null },
      events: [],
      generatedAt: new Date("2026-11-23T14:03:00.400Z"),
    };
    const link = workflowLink(justStarted);
    expect(link.searchParams.get("from")).toBe("2026-11-23T14:03:00Z");
    expect(link.searchParams.get("to")).toBe("2026-11-23T14:04:00Z");
  });
});

describe("a timeline that could not be derived in full", () => {
  it("says so above the timeline, with the reasons, and in the JSON", () => {
    const partial: ReviewInput = { ...input, timelineProblems: ["checkout: prometheus down (connection refused)"] };
    expect(reviewMarkdown(partial)).toContain(
      "## Timeline\n\n> The timeline may be incomplete: checkout: prometheus down (connection refused).\n\n| Time (UTC) |",
    );
    expect(reviewJson(partial).timelineProblems).toEqual(["checkout: prometheus down (connection refused)"]);
    expect(reviewMarkdown(input)).not.toContain("may be incomplete");
  });
});

describe("timeline times", () => {
  it("show dates once the incident crosses midnight", () => {
    const overnight: ReviewInput = {
      ...input,
      events: [
        ...input.events,
        {
          at: new Date("2026-11-24T00:10:00Z"),
          kind: "note",
          author: "carol",
          body: "still draining",
          checkId: null,
          snapshotId: null,
          evidenceRef: null,
        },
      ],
    };
    expect(reviewMarkdown(overnight)).toContain("| 2026-11-24 00:10:00 | note | carol | still draining |");
    expect(reviewMarkdown(overnight)).toContain("| 2026-11-23 14:03:00 | detected |");
  });
});
