import { describe, expect, it } from "vitest";
import { createIncidentBody, updateIncidentBody } from "./schemas";

const valid = { title: "Checkout confirmations stuck", severity: "sev2", startedAt: "2026-11-23T14:03:00Z", workflowIds: ["checkout"] };

describe("incident titles", () => {
  it("are one line: a line break would break the review's heading", () => {
    expect(createIncidentBody.safeParse(valid).success).toBe(true);
    const broken = createIncidentBody.safeParse({ ...valid, title: "Stuck\n# injected heading" });
    expect(broken.success).toBe(false);
    expect(broken.error?.issues[0]?.message).toBe("a title is one line: no line breaks or control characters");
    expect(updateIncidentBody.safeParse({ version: 1, title: "tab\there" }).success).toBe(false);
  });
});
