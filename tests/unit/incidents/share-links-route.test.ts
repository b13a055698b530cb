import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/share-links/route";
import { jsonRequest, openDatabaseBeforeTests, pointAtThrowawayDatabase } from "@/tests/support/app-database";

// POST /api/share-links as a client calls it: a target that could send people off this app
// is refused with 400 and the reason, before any snapshot is captured or row written.
pointAtThrowawayDatabase();
openDatabaseBeforeTests();
process.env.ASYNCSCOPE_PUBLIC_URL = "";
process.env.ASYNCSCOPE_ALLOWED_ORIGINS = "http://asyncscope.test";

const window = { workflowId: "checkout", from: "2026-11-23T14:03:00Z", to: "2026-11-23T14:50:00Z", snapshot: false };

describe("POST /api/share-links", () => {
  it.each([
    "//evil.com",
    "/\\evil.com",
    "/%2F%2Fevil.com",
    "/workflows/..%2F..%2F%2Fevil.com",
    "javascript:alert(1)",
    "https://evil.com/workflows/checkout",
    "/workflows/checkout\r\nSet-Cookie: x=1",
    "/\t/evil.com",
    "/api/incidents",
  ])("refuses the target %j with 400 and the reason", async (targetPath) => {
    const response = await POST(jsonRequest("/api/share-links", "POST", { ...window, targetPath }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; parameter: string };
    expect(body.parameter).toBe("targetPath");
    expect(body.error).toMatch(
      /^share link target .* is refused: .*; it must be a path of this app beginning with \/workflows\/, \/snapshots\/, \/incidents\/$/,
    );
  });

  it("refuses a workflow the config does not know with 400", async () => {
    const response = await POST(jsonRequest("/api/share-links", "POST", { ...window, workflowId: "refunds" }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: "unknown workflow refunds; configured: checkout",
      parameter: "workflowId",
    });
  });

  it("answers 400 for a body that is not JSON and 413 for one over 256 KiB", async () => {
    const broken = await POST(jsonRequest("/api/share-links", "POST", '{"workflowId": "checkout",'));
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: string }).error).toMatch(/^request body is not valid JSON/);
    const huge = await POST(jsonRequest("/api/share-links", "POST", { ...window, author: "x".repeat(300 * 1024) }));
    expect(huge.status).toBe(413);
  });

  it("creates a link to a path of this app, absolute on a Host listed in ASYNCSCOPE_ALLOWED_ORIGINS", async () => {
    const targetPath = "/workflows/checkout?from=2026-11-23T14%3A03%3A00Z&to=2026-11-23T14%3A50%3A00Z";
    const response = await POST(
      jsonRequest("/api/share-links", "POST", { ...window, targetPath }, { host: "asyncscope.test" }),
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      targetPath,
      snapshotId: null,
      url: expect.stringMatching(/^http:\/\/asyncscope\.test\/s\/[a-z2-9]{8}$/),
    });
  });

  it.each(["localhost:3000", "127.0.0.1:3000", "evil.example"])(
    "answers a path, not a URL on the Host %j nobody configured",
    async (host) => {
      const response = await POST(jsonRequest("/api/share-links", "POST", window, { host }));
      expect(response.status).toBe(201);
      const { url } = (await response.json()) as { url: string };
      expect(url).toMatch(/^\/s\/[a-z2-9]{8}$/);
    },
  );
});
