import { describe, expect, it } from "vitest";
import { contentTypeRefusal, crossSiteRefusal, hostRefusal, pathRefusal, refusal } from "./request-guard";

const post = (headers: Record<string, string>, allowedOrigins: string[] = []) => ({
  method: "POST",
  pathname: "/api/incidents",
  headers: new Headers({ host: "asyncscope.local:3000", "content-type": "application/json", ...headers }),
  allowedOrigins,
  localNames: ["asyncscope.local"],
});

describe("crossSiteRefusal", () => {
  it("lets the app's own pages write: Origin on the Host the request came to, any scheme (TLS proxies)", () => {
    expect(crossSiteRefusal(post({ origin: "http://asyncscope.local:3000" }))).toBeUndefined();
    expect(crossSiteRefusal(post({ origin: "https://ASYNCSCOPE.local:3000" }))).toBeUndefined();
    expect(crossSiteRefusal(post({ "sec-fetch-site": "same-origin" }))).toBeUndefined();
  });

  it("refuses another origin, even on the same host, and a sandboxed page's null origin", () => {
    expect(crossSiteRefusal(post({ origin: "https://evil.example" }))).toMatchObject({ status: 403 });
    expect(crossSiteRefusal(post({ origin: "http://asyncscope.local:4000" }))).toMatchObject({ status: 403 });
    expect(crossSiteRefusal(post({ origin: "null" }))?.error).toContain("Origin null is not this Asyncscope's");
  });

  it("refuses what the browser calls cross-site or same-site when it sends no Origin", () => {
    expect(crossSiteRefusal(post({ "sec-fetch-site": "cross-site" }))?.error).toContain("cross-site page");
    expect(crossSiteRefusal(post({ "sec-fetch-site": "same-site" }))).toMatchObject({ status: 403 });
  });

  it("with configured origins, only those: the Host no longer stands for the app", () => {
    const allowed = ["https://asyncscope.corp"];
    expect(crossSiteRefusal(post({ origin: "https://asyncscope.corp" }, allowed))).toBeUndefined();
    expect(crossSiteRefusal(post({ origin: "http://asyncscope.local:3000" }, allowed))?.error).toContain(
      "(https://asyncscope.corp)",
    );
  });

  it("leaves alone what no browser sent (curl, scripts) and reads", () => {
    expect(crossSiteRefusal(post({}))).toBeUndefined();
    expect(crossSiteRefusal({ ...post({ origin: "https://evil.example" }), method: "GET" })).toBeUndefined();
  });
});

describe("hostRefusal", () => {
  const at = (host: string, allowedOrigins: string[] = []) => ({
    headers: new Headers({ host }),
    allowedOrigins,
    localNames: ["ops-box"],
  });

  it("answers IP addresses, localhost and the machine's own name: no attacker's DNS in between", () => {
    for (const host of ["127.0.0.1:3000", "10.0.4.2", "[::1]:3000", "localhost:3000", "app.localhost", "OPS-BOX:3000"])
      expect(hostRefusal(at(host)), host).toBeUndefined();
  });

  it("refuses any other name (DNS rebinding) with 421, saying what to configure", () => {
    const refused = hostRefusal(at("rebind.evil.example:3000"));
    expect(refused).toMatchObject({ status: 421 });
    expect(refused?.error).toContain('host "rebind.evil.example:3000"');
    expect(refused?.error).toContain("ASYNCSCOPE_PUBLIC_URL");
  });

  it("answers the configured origins' hosts, port included", () => {
    expect(hostRefusal(at("asyncscope.corp", ["https://asyncscope.corp"]))).toBeUndefined();
    expect(hostRefusal(at("asyncscope.corp:8443", ["https://asyncscope.corp"]))).toMatchObject({ status: 421 });
  });
});

describe("contentTypeRefusal", () => {
  it("takes JSON bodies only: forms and text/plain need no preflight", () => {
    expect(contentTypeRefusal(post({ "content-type": "application/json; charset=utf-8" }))).toBeUndefined();
    expect(contentTypeRefusal(post({ "content-type": "text/plain" }))).toMatchObject({ status: 415 });
    expect(contentTypeRefusal(post({ "content-type": "application/x-www-form-urlencoded" }))).toMatchObject({
      status: 415,
    });
    const none = post({});
    none.headers.delete("content-type");
    expect(contentTypeRefusal(none)?.error).toContain("(got none)");
  });

  it("does not ask a DELETE for a body", () => {
    expect(contentTypeRefusal({ method: "DELETE", headers: new Headers() })).toBeUndefined();
  });
});

describe("pathRefusal", () => {
  it("refuses segments that do not percent-decode, instead of a 500 from the router", () => {
    expect(pathRefusal("/api/incidents/%ff")).toMatchObject({ status: 400 });
    expect(pathRefusal("/s/%")?.error).toBe('malformed percent-encoding in the path segment "%"');
    expect(pathRefusal("/s/caf%C3%A9")).toBeUndefined();
  });
});

describe("refusal", () => {
  it("names the first thing to fix: the path, the host, then the origin, then the body", () => {
    const all = { ...post({ origin: "https://evil.example", "content-type": "text/plain" }), pathname: "/%" };
    expect(refusal(all)?.status).toBe(400);
    expect(refusal({ ...all, pathname: "/api/incidents", localNames: [] })?.status).toBe(421);
    expect(refusal({ ...all, pathname: "/api/incidents" })?.status).toBe(403);
    expect(refusal(post({ "content-type": "text/plain" }))?.status).toBe(415);
    expect(refusal(post({}))).toBeUndefined();
  });
});
