import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { Prisma } from "@/lib/db/generated/client";
import {
  errorResponse,
  InvalidJsonError,
  MAX_BODY_BYTES,
  parseJsonBody,
  PayloadTooLargeError,
} from "@/lib/api/respond";

// The body parser and the one place route errors become responses: the client's mistakes
// (bad JSON, a body too large) are 4xx with a message, our own bugs are a logged 500.

const anything = z.unknown();

function streamed(chunks: Uint8Array[], headers: Record<string, string> = {}): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  // A stream body has no Content-Length of its own, as with chunked transfer encoding.
  return new Request("http://asyncscope.test/api/incidents", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("parseJsonBody", () => {
  it("parses JSON and treats an empty body as {}", async () => {
    expect(await parseJsonBody(streamed([new TextEncoder().encode('{"title":"ünïcödé"}')]), anything)).toEqual({
      title: "ünïcödé",
    });
    expect(await parseJsonBody(new Request("http://asyncscope.test/", { method: "POST" }), anything)).toEqual({});
  });

  it("refuses invalid JSON with its own error, mapped to 400", async () => {
    const error = await parseJsonBody(streamed([new TextEncoder().encode("{not json")]), anything).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InvalidJsonError);
    const response = errorResponse(error, "POST /api/test");
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^request body is not valid JSON: /);
  });

  it("refuses bytes that are not UTF-8 with 400", async () => {
    const error = await parseJsonBody(streamed([new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])]), anything).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InvalidJsonError);
    expect(errorResponse(error, "POST /api/test").status).toBe(400);
  });

  it("counts the bytes read when there is no Content-Length", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const error = await parseJsonBody(streamed([chunk, chunk, chunk, chunk, new Uint8Array([0x20])]), anything).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    const response = errorResponse(error, "POST /api/test");
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: "request body larger than 256 KiB", limitBytes: MAX_BODY_BYTES });
  });

  it("counts bytes, not characters: 200,000 two-byte characters are over 256 KiB", async () => {
    const text = JSON.stringify({ body: "é".repeat(200_000) });
    expect(text.length).toBeLessThan(MAX_BODY_BYTES);
    await expect(parseJsonBody(streamed([new TextEncoder().encode(text)]), anything)).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    );
  });

  it("does not trust a Content-Length that understates the body", async () => {
    const big = new TextEncoder().encode(JSON.stringify({ body: "x".repeat(MAX_BODY_BYTES) }));
    await expect(parseJsonBody(streamed([big], { "content-length": "20" }), anything)).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    );
  });

  it("refuses early on a declared Content-Length over the limit", async () => {
    await expect(
      parseJsonBody(
        streamed([new TextEncoder().encode("{}")], { "content-length": String(MAX_BODY_BYTES + 1) }),
        anything,
      ),
    ).rejects.toBeInstanceOf(PayloadTooLargeError);
  });
});

describe("errorResponse", () => {
  it("answers a SyntaxError from anywhere but the body parser with a logged 500 that leaks nothing", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const bug = new SyntaxError("Unexpected token < in JSON at position 0");
    const response = errorResponse(bug, "GET /api/incidents/{id}/export");
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "internal error; see the server log" });
    expect(log).toHaveBeenCalledWith("[GET /api/incidents/{id}/export] failed:", bug);
  });

  it("names the missing row of a foreign-key failure the repository did not expect, as a 409", async () => {
    const log = vi.spyOn(console, "warn").mockImplementation(() => {});
    const error = new Prisma.PrismaClientKnownRequestError("Foreign key constraint violated", {
      code: "P2003",
      clientVersion: "7.10.0",
      meta: {
        driverAdapterError: {
          cause: { kind: "ForeignKeyConstraintViolation", constraint: { index: "snapshot_incident_id_fkey" } },
        },
      },
    });
    const response = errorResponse(error, "POST /api/incidents/{id}/pins");
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: "the incident this refers to does not exist (it may have been deleted meanwhile)",
    });
    expect(log).toHaveBeenCalledOnce();
  });
});
