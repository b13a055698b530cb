import { describe, expect, it } from "vitest";
import { requestOrigin } from "./base-url";

const headers = (entries: Record<string, string>) => new Headers(entries);

describe("requestOrigin", () => {
  it("is the Host the request came to, with the scheme a TLS proxy says it used", () => {
    expect(requestOrigin(headers({ host: "127.0.0.1:3103" }))).toBe("http://127.0.0.1:3103");
    expect(requestOrigin(headers({ host: "asyncscope.example.com", "x-forwarded-proto": "https" }))).toBe(
      "https://asyncscope.example.com",
    );
    expect(requestOrigin(headers({ host: "asyncscope.example.com", "x-forwarded-proto": "https, http" }))).toBe(
      "https://asyncscope.example.com",
    );
    expect(requestOrigin(headers({ host: "[::1]:3000" }))).toBe("http://[::1]:3000");
  });

  it("ignores a scheme other than http(s), and refuses a Host that is not a host", () => {
    expect(requestOrigin(headers({ host: "asyncscope.example.com", "x-forwarded-proto": "javascript" }))).toBe(
      "http://asyncscope.example.com",
    );
    expect(requestOrigin(headers({}))).toBeUndefined();
    expect(requestOrigin(headers({ host: "evil.com/path" }))).toBeUndefined();
    expect(requestOrigin(headers({ host: "user@evil.com" }))).toBeUndefined();
    expect(requestOrigin(headers({ host: "a b" }))).toBeUndefined();
  });
});
