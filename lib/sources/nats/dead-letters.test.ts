// The dead-letter reader's errors reach the page and the logs: they must name the server without
// the credentials a nats:// URL may carry. A closed local port stands in for an unreachable server.
import { describe, expect, it } from "vitest";
import { createDeadLetterReader } from "./dead-letters";

describe("NATS dead-letter reader errors", () => {
  it("names the server without the user info of natsUrl", async () => {
    const reader = createDeadLetterReader({ natsUrl: "nats://alice:s3cret@127.0.0.1:1", advisoryStream: "DEAD" }, 500);
    const err: Error = await reader.read([]).then(
      () => {
        throw new Error("expected the read to fail");
      },
      (e: Error) => e,
    );
    expect(err.message).toContain("nats://127.0.0.1:1");
    expect(err.message).not.toMatch(/alice|s3cret/);
    await reader.close();
  });
});
