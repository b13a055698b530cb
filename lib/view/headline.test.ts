import { describe, expect, it } from "vitest";
import type { Check } from "@/lib/analysis/types";
import { firstSentence, headlineOf } from "./headline";

const check = (id: string, status: Check["status"], summary: string): Check =>
  ({
    id,
    title: id,
    status,
    summary,
    evidence: { items: [], traceIds: [], ranges: [] },
    sources: [],
    matters: true,
  }) as unknown as Check;

describe("headlineOf", () => {
  it("leads with the worst failing check's first sentence and counts the others", () => {
    const headline = headlineOf({
      status: "critical",
      summary: "3 checks failing",
      checks: [
        check("dead-letters", "warning", "116 messages sit in the DLQ. Nobody handled them."),
        check(
          "consumers-alive",
          "critical",
          "No consumer on order_confirmed.notification since 2026-12-01T04:35:30.000Z (3m 00s): its consumer is down. More.",
        ),
        check("backlog", "ok", "fine."),
      ],
    });
    expect(headline).toEqual({
      status: "critical",
      words: "Not working",
      lead: "consumers-alive: No consumer on order_confirmed.notification since 2026-12-01T04:35:30.000Z (3m 00s): its consumer is down.",
      more: 1,
    });
  });

  it("says the summary when nothing fails, and an ok from stale data is not ok", () => {
    const ok = {
      status: "ok" as const,
      summary: "Every check passed. Details below.",
      checks: [check("backlog", "ok", "")],
    };
    expect(headlineOf(ok)).toMatchObject({ status: "ok", words: "Working", lead: "Every check passed.", more: 0 });
    expect(headlineOf(ok, true)).toMatchObject({ status: "unknown", words: "Cannot tell now: refresh failing" });
  });

  it("cuts a long sentence, and keeps decimals whole", () => {
    expect(firstSentence("Rate 2.5/s over 10 min. Then more.")).toBe("Rate 2.5/s over 10 min.");
    expect(firstSentence("x".repeat(400))).toHaveLength(160);
  });
});
