import { describe, expect, it } from "vitest";
import { SourceError, displayUrl, gatewayStatus, httpErrorMessage, networkErrorMessage, sourceLabel } from "./errors";
import { RABBIT_LABEL } from "./rabbitmq/config";

describe("SourceError messages", () => {
  it("say what to check, per status", () => {
    expect(httpErrorMessage(sourceLabel("rabbitmq", RABBIT_LABEL), 401, "http://h:15672/api/overview")).toMatch(
      /^401 from RabbitMQ at http:\/\/h:15672\/api\/overview: check RABBITMQ_USER\/RABBITMQ_PASSWORD/,
    );
    expect(httpErrorMessage(sourceLabel("jaeger"), 403, "http://h/api")).toMatch(/^403 from Jaeger .*not allowed/);
    expect(httpErrorMessage(sourceLabel("prometheus"), 503, "http://h/api", "unavailable: TSDB not ready")).toBe(
      "503 from Prometheus at http://h/api: Prometheus is failing or overloaded; check its logs (Prometheus said: unavailable: TSDB not ready)",
    );
    expect(
      networkErrorMessage(sourceLabel("jaeger"), "http://nowhere.invalid/api", { cause: { code: "ENOTFOUND" } }),
    ).toMatch(/host not found/);
  });

  it("never show userinfo or query strings", () => {
    expect(displayUrl("https://user:pw@host:1/path?token=abc")).toBe("https://host:1/path");
    expect(displayUrl("not a url")).toBe("(invalid URL)");
  });

  it("serialise without cause and map to gateway statuses", () => {
    const error = new SourceError({
      source: "jaeger",
      kind: "timeout",
      message: "slow",
      cause: new Error("secret internals"),
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({ source: "jaeger", kind: "timeout", message: "slow" });
    expect(gatewayStatus(error)).toBe(504);
    expect(gatewayStatus(new SourceError({ source: "jaeger", kind: "http", status: 401, message: "x" }))).toBe(502);
  });
});
