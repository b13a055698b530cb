import { afterEach, describe, expect, it, vi } from "vitest";
import { pointAtThrowawayDatabase } from "@/tests/support/app-database";

// The server's start-up (instrumentation.ts → lib/startup.ts) with an identity header but no
// trusted proxies: it stops with exit code 1 and says what to set, before it serves anything.
pointAtThrowawayDatabase();

afterEach(() => {
  vi.restoreAllMocks();
  vi.resetModules();
});

describe("startServer", () => {
  it("refuses to start with ASYNCSCOPE_AUTH_HEADER and no ASYNCSCOPE_TRUSTED_PROXIES", async () => {
    process.env.ASYNCSCOPE_AUTH_HEADER = "X-Forwarded-User";
    process.env.ASYNCSCOPE_TRUSTED_PROXIES = "";
    const exit = vi.spyOn(process, "exit").mockImplementation((code) => {
      throw new Error(`exit ${String(code)}`);
    });
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const { startServer } = await import("@/lib/startup");
    await expect(startServer()).rejects.toThrow("exit 1");
    expect(exit).toHaveBeenCalledWith(1);
    expect(error).toHaveBeenCalledWith(
      "[asyncscope] cannot start:\nenvironment: ASYNCSCOPE_TRUSTED_PROXIES: required when ASYNCSCOPE_AUTH_HEADER is set: the addresses of the sign-in proxy that sets X-Forwarded-User (comma-separated IPs or CIDRs, e.g. 127.0.0.1,10.0.0.0/8,::1); the header is believed only from them",
    );
  });
});
