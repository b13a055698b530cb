import { describe, expect, it } from "vitest";
import { actionItemNotes, inlineText, minutesToDetect, rootCauseNotes } from "./review-sections";

const at = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00Z`);
const note = (hhmm: string, body: string, kind = "note") => ({ at: at(hhmm), kind, author: "alice", body });

describe("review sections from the timeline", () => {
  it("takes root cause and action items from notes that start with their marker", () => {
    const events = [
      note("14:10", "Every service logs 200 OK."),
      note("14:40", "Root cause: SMTP_PASS instead of SMTP_PASSWORD in the deployment."),
      note("14:41", "cause:  the supervisor hid the exit"),
      note("14:45", "Action: alert on consumers == 0 for 2 minutes"),
      note("14:46", "TODO: correlation ids in every log line"),
      note("14:47", "Follow-up: review the config diff"),
      note("14:48", "Root cause: derived text is no note", "detected"),
    ];
    expect(rootCauseNotes(events).map((n) => n.text)).toEqual([
      "SMTP_PASS instead of SMTP_PASSWORD in the deployment.",
      "the supervisor hid the exit",
    ]);
    expect(actionItemNotes(events).map((n) => n.text)).toEqual([
      "alert on consumers == 0 for 2 minutes",
      "correlation ids in every log line",
      "review the config diff",
    ]);
  });

  it("measures time to detect from the first detection or alert", () => {
    expect(minutesToDetect(at("14:03"), [note("14:04", "x"), note("14:09", "went critical", "detected")])).toBe(6);
    expect(minutesToDetect(at("14:03"), [note("14:00", "firing", "alert")])).toBe(0);
    expect(minutesToDetect(at("14:03"), [note("14:04", "x")])).toBeNull();
  });

  it("escapes a leading list marker, which would nest a list under the bullet", () => {
    expect(inlineText("- foo")).toBe("\\- foo");
    expect(inlineText("+ bar")).toBe("\\+ bar");
    expect(inlineText("12. baz")).toBe("12\\. baz");
    expect(inlineText("a - b")).toBe("a - b");
  });

  it("keeps user text on one line with its markup escaped", () => {
    expect(inlineText("# heading\rrow | cell\u2028*bold* [link](x)")).toBe(
      "\\# heading row \\| cell \\*bold\\* \\[link\\](x)",
    );
  });
});
