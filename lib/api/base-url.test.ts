import { describe, expect, it, vi } from "vitest";
import { requestLinkBase } from "./base-url";

// lib/env reads the environment once, on first use: set before any call.
process.env.ASYNCSCOPE_PUBLIC_URL = "";
process.env.ASYNCSCOPE_ALLOWED_ORIGINS = "https://asyncscope.corp";

describe("requestLinkBase", () => {
  it("says once in the server log why links are relative, with the fix", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(requestLinkBase(new Headers({ host: "asyncscope.corp" }))).toEqual({
      kind: "absolute",
      baseUrl: "https://asyncscope.corp",
    });
    expect(warn).not.toHaveBeenCalled();
    expect(requestLinkBase(new Headers({ host: "10.0.4.2:3000" })).baseUrl).toBe("");
    expect(requestLinkBase(new Headers({ host: "localhost:3000" })).baseUrl).toBe("");
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      '[asyncscope] links are relative (share links, review exports, alert-rule links) and link previews have no absolute image URL: ASYNCSCOPE_PUBLIC_URL is unset and the Host "10.0.4.2:3000" is not one of ASYNCSCOPE_ALLOWED_ORIGINS, so it is not trusted to build links; set ASYNCSCOPE_PUBLIC_URL to the address people use (or list it in ASYNCSCOPE_ALLOWED_ORIGINS)',
    );
    warn.mockRestore();
  });
});
