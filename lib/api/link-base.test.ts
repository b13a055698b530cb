import { describe, expect, it } from "vitest";
import { linkBase } from "./link-base";

const ALLOWED = ["https://asyncscope.corp", "http://10.0.4.2:3000"];

describe("linkBase", () => {
  it("uses ASYNCSCOPE_PUBLIC_URL whatever the Host says, without a trailing slash", () => {
    expect(
      linkBase({ publicUrl: "https://asyncscope.example.com/ops/", allowedOrigins: ALLOWED, host: "evil.example" }),
    ).toEqual({ kind: "absolute", baseUrl: "https://asyncscope.example.com/ops" });
  });

  it("uses the Host only when it is the host of an allowed origin, with that origin's scheme", () => {
    expect(linkBase({ publicUrl: undefined, allowedOrigins: ALLOWED, host: "Asyncscope.corp" })).toEqual({
      kind: "absolute",
      baseUrl: "https://asyncscope.corp",
    });
    expect(linkBase({ publicUrl: undefined, allowedOrigins: ALLOWED, host: "10.0.4.2:3000" })).toEqual({
      kind: "absolute",
      baseUrl: "http://10.0.4.2:3000",
    });
  });

  it.each([
    ["a name nobody configured", "evil.example"],
    ["the allowed host on another port", "asyncscope.corp:8443"],
    ["localhost", "localhost:3000"],
    ["an IP address", "127.0.0.1:3000"],
  ])("keeps links relative for %s, and says why", (_what, host) => {
    const base = linkBase({ publicUrl: undefined, allowedOrigins: ALLOWED, host });
    expect(base).toMatchObject({ kind: "relative", baseUrl: "" });
    expect(base.kind === "relative" && base.reason).toContain(
      `the Host "${host}" is not one of ASYNCSCOPE_ALLOWED_ORIGINS`,
    );
    expect(base.kind === "relative" && base.reason).toContain("set ASYNCSCOPE_PUBLIC_URL");
  });

  it("keeps links relative with nothing configured, or without a Host", () => {
    expect(linkBase({ publicUrl: undefined, allowedOrigins: undefined, host: "asyncscope.corp" }).kind).toBe(
      "relative",
    );
    const none = linkBase({ publicUrl: undefined, allowedOrigins: ALLOWED, host: null });
    expect(none).toMatchObject({ kind: "relative", reason: expect.stringContaining("no Host header") });
  });
});
