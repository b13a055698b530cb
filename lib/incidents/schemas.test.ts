import { describe, expect, it } from "vitest";
import { addEventBody, createIncidentBody, pinBody, shareLinkBody, updateIncidentBody } from "./schemas";

const valid = {
  title: "Checkout confirmations stuck",
  severity: "sev2",
  startedAt: "2026-11-23T14:03:00Z",
  workflowIds: ["checkout"],
};

describe("incident titles", () => {
  it("are one line: a line break would break the review's heading", () => {
    expect(createIncidentBody.safeParse(valid).success).toBe(true);
    const broken = createIncidentBody.safeParse({ ...valid, title: "Stuck\n# injected heading" });
    expect(broken.success).toBe(false);
    expect(broken.error?.issues[0]?.message).toBe(
      "a title is one line: no line breaks, control characters or bidi overrides",
    );
    expect(updateIncidentBody.safeParse({ version: 1, title: "tab\there" }).success).toBe(false);
  });
});

describe("input edges", () => {
  const messages = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
    result.error?.issues.map((entry) => `${entry.path.join(".")}: ${entry.message}`);

  it("a start time is from 2000 on and at most a day ahead: year 0 and 9999 are refused, not stored", () => {
    expect(messages(createIncidentBody.safeParse({ ...valid, startedAt: "0000-01-01T00:00:00Z" }))).toEqual([
      "startedAt: expected a time from 2000-01-01 on",
    ]);
    expect(messages(createIncidentBody.safeParse({ ...valid, startedAt: "9999-01-01T00:00:00Z" }))).toEqual([
      "startedAt: expected a time at most a day in the future (check the clock and the year)",
    ]);
    const soon = new Date(Date.now() + 3600_000).toISOString();
    expect(createIncidentBody.safeParse({ ...valid, startedAt: soon }).success).toBe(true);
    expect(updateIncidentBody.safeParse({ version: 1, resolvedAt: "1970-01-01T00:00:00Z" }).success).toBe(false);
  });

  it.each([
    ["a line separator", "Stuck\u2028# heading"],
    ["a paragraph separator", "Stuck\u2029more"],
    ["a right-to-left override", "Checkout \u202Edetaeler"],
    ["a bidi isolate", "Checkout \u2066x\u2069"],
  ])("one-line fields refuse %s", (_what, text) => {
    expect(createIncidentBody.safeParse({ ...valid, title: text }).success).toBe(false);
    expect(createIncidentBody.safeParse({ ...valid, author: text }).success).toBe(false);
    const pin = pinBody.safeParse({
      workflowId: "checkout",
      from: "2026-11-23T14:25:00Z",
      to: "2026-11-23T14:40:00Z",
      item: { type: "view", label: text },
    });
    expect(pin.success).toBe(false);
  });

  it("a pin label is one line", () => {
    const pin = pinBody.safeParse({
      workflowId: "checkout",
      from: "2026-11-23T14:25:00Z",
      to: "2026-11-23T14:40:00Z",
      item: { type: "view", label: "view\u0007bell" },
    });
    expect(messages(pin)).toEqual([
      "item.label: a label is one line: no line breaks, control characters or bidi overrides",
    ]);
  });

  it("an incident names each workflow once", () => {
    expect(messages(createIncidentBody.safeParse({ ...valid, workflowIds: ["checkout", "checkout"] }))).toEqual([
      "workflowIds: each workflow once: the list has duplicates",
    ]);
  });
});

describe("pinned items", () => {
  const pin = (item: unknown) =>
    pinBody.safeParse({ workflowId: "checkout", from: "2026-11-23T14:25:00Z", to: "2026-11-23T14:40:00Z", item });
  const issue = (item: unknown) => pin(item).error?.issues.map((entry) => `${entry.path.join(".")}: ${entry.message}`);

  it("name a chart by its panel id, a trace by its 32-digit id, a step by its id, or nothing", () => {
    expect(pin({ type: "chart", ref: "panel-depth", label: "Queue depth" }).data?.item).toEqual({
      type: "chart",
      ref: "panel-depth",
      label: "Queue depth",
    });
    expect(pin({ type: "checklist", ref: "async-path", label: "The async path" }).success).toBe(true);
    expect(pin({ type: "view", label: "whole view" }).success).toBe(true);
    expect(pin({ type: "chart", label: "some chart" }).success).toBe(true);
  });

  it("read a trace id in either case, stored in lowercase as the sources give it", () => {
    expect(pin({ type: "trace", ref: "4BF92F3577B34DA6A3CE929D0E0E4736", label: "trace" }).data?.item).toMatchObject({
      ref: "4bf92f3577b34da6a3ce929d0e0e4736",
    });
  });

  it("refuse a ref that is not of its item's form, so nothing odd reaches a link", () => {
    expect(issue({ type: "chart", ref: "panel-depth#x", label: "Queue depth" })).toEqual([
      "item.ref: a chart ref is the id of a panel of the workflow page, such as panel-depth",
    ]);
    expect(issue({ type: "chart", ref: "javascript:alert(1)", label: "x" })).toEqual([
      "item.ref: a chart ref is the id of a panel of the workflow page, such as panel-depth",
    ]);
    expect(issue({ type: "trace", ref: "4bf92f3577b34da6", label: "short" })).toEqual([
      "item.ref: a trace ref is a trace id of 32 hex digits",
    ]);
    expect(issue({ type: "trace", ref: "panel-depth", label: "x" })).toEqual([
      "item.ref: a trace ref is a trace id of 32 hex digits",
    ]);
    expect(issue({ type: "checklist", ref: "consumers-alive", label: "x" })).toEqual([
      "item.ref: a checklist ref is a step id: metrics, traces, logs, async-path",
    ]);
  });

  it("refuse a ref on a whole view rather than drop it", () => {
    expect(issue({ type: "view", ref: "panel-depth", label: "whole view" })).toEqual([
      "item: the whole view takes no ref; to name one item, pin it as a chart, trace or checklist step",
    ]);
    expect(pin({ type: "consumer", ref: "notification", label: "x" }).success).toBe(false);
  });
});

describe("free text and authors", () => {
  const messages = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
    result.error?.issues.map((entry) => `${entry.path.join(".")}: ${entry.message}`);

  it("refuse NUL, which Postgres text cannot store (a 422 instead of a failed insert)", () => {
    expect(messages(addEventBody.safeParse({ kind: "note", body: "a\u0000b" }))).toEqual([
      "body: text cannot contain NUL characters (\\u0000)",
    ]);
    expect(
      messages(
        pinBody.safeParse({
          workflowId: "checkout",
          from: "now-15m",
          to: "now",
          item: { type: "view", label: "v" },
          note: "\u0000",
        }),
      ),
    ).toEqual(["note: text cannot contain NUL characters (\\u0000)"]);
    expect(
      messages(
        pinBody.safeParse({
          workflowId: "checkout",
          from: "now-15m",
          to: "now",
          item: { type: "chart", label: "Queue\u0000depth" },
        }),
      ),
    ).toEqual(["item.label: a label is one line: no line breaks, control characters or bidi overrides"]);
    expect(addEventBody.safeParse({ kind: "note", body: "two\nlines are fine in a note" }).success).toBe(true);
  });

  it("take an author as one line, trimmed", () => {
    expect(createIncidentBody.parse({ ...valid, author: "  alice " }).author).toBe("alice");
    expect(
      messages(shareLinkBody.safeParse({ workflowId: "checkout", from: "now-15m", to: "now", author: "alice\nbob" })),
    ).toEqual(["author: an author is one line: no line breaks, control characters or bidi overrides"]);
  });
});

describe("evidence events added through the API", () => {
  const snapshotId = "9d7e0000-0000-4000-8000-000000000001";

  it("may name the item inside their snapshot, in the forms a pin stores", () => {
    expect(
      addEventBody.parse({ kind: "evidence", body: "depth at 14:05", snapshotId, evidenceRef: "panel-depth" })
        .evidenceRef,
    ).toBe("panel-depth");
    expect(
      addEventBody.safeParse({
        kind: "evidence",
        body: "the trace",
        snapshotId,
        evidenceRef: "4bf92f3577b34da6a3ce929d0e0e4736",
      }).success,
    ).toBe(true);
    expect(
      addEventBody.safeParse({ kind: "evidence", body: "logs step", snapshotId, evidenceRef: "logs" }).success,
    ).toBe(true);
  });

  it("refuse a ref no link can be built from, or one without its snapshot", () => {
    const refused = addEventBody.safeParse({
      kind: "evidence",
      body: "x",
      snapshotId,
      evidenceRef: "javascript:alert(1)",
    });
    expect(refused.error?.issues.map((entry) => entry.message)).toEqual([
      "an evidenceRef is a panel id such as panel-depth, a trace id of 32 lowercase hex digits, or a checklist step id",
    ]);
    const orphan = addEventBody.safeParse({ kind: "evidence", body: "x", evidenceRef: "panel-depth" });
    expect(orphan.error?.issues.map((entry) => `${entry.path.join(".")}: ${entry.message}`)).toEqual([
      "evidenceRef: an evidenceRef points inside a snapshot: give its snapshotId too",
    ]);
  });
});
