import { describe, expect, it } from "vitest";
import { commonSecurityHeaders, newNonce, pageContentSecurityPolicy } from "./security-headers";

describe("security headers", () => {
  const production = { frameAncestors: "'none'", development: false };

  it("allow only this server's scripts, by nonce; no eval outside development", () => {
    const policy = pageContentSecurityPolicy("abc", production);
    expect(policy).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("style-src 'self' 'nonce-abc'");
    const development = pageContentSecurityPolicy("abc", { ...production, development: true });
    expect(development).toContain("'unsafe-eval'");
    expect(development).toContain("style-src 'self' 'unsafe-inline'");
  });

  it("refuse framing by default, with X-Frame-Options for old browsers; a team that embeds names its origins", () => {
    expect(pageContentSecurityPolicy("n", production)).toContain("frame-ancestors 'none'");
    expect(commonSecurityHeaders(production)).toMatchObject({
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
    const embedded = { ...production, frameAncestors: "'self' https://grafana.corp" };
    expect(pageContentSecurityPolicy("n", embedded)).toContain("frame-ancestors 'self' https://grafana.corp");
    expect(commonSecurityHeaders(embedded)).not.toHaveProperty("X-Frame-Options");
    expect(commonSecurityHeaders({ ...production, frameAncestors: "'self'" })["X-Frame-Options"]).toBe("SAMEORIGIN");
  });

  it("make a new nonce each time", () => {
    expect(newNonce()).not.toBe(newNonce());
    expect(Buffer.from(newNonce(), "base64")).toHaveLength(16);
  });
});
