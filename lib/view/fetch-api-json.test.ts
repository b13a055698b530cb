import { describe, expect, it } from "vitest";
import { failedAnswerText } from "./fetch-api-json";

describe("failedAnswerText", () => {
  it("gives the API's own error", () => {
    expect(failedAnswerText(502, "Bad Gateway", '{"error":"Jaeger timed out"}')).toBe(
      "Asyncscope API answered 502: Jaeger timed out",
    );
  });

  it("gives the start of a body that is not our JSON (a proxy's page), else the status text", () => {
    expect(failedAnswerText(504, "Gateway Timeout", `<html>${"x".repeat(300)}</html>`)).toBe(
      `Asyncscope API answered 504: <html>${"x".repeat(194)}`,
    );
    expect(failedAnswerText(503, "Service Unavailable", "  ")).toBe("Asyncscope API answered 503: Service Unavailable");
    expect(failedAnswerText(500, "", '{"other":1}')).toBe("Asyncscope API answered 500: no message");
  });
});
