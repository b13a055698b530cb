import { describe, expect, it } from "vitest";
import { isDeclared, nameMatches } from "./consumers";
import { consumer } from "./testing";

describe("declared consumers", () => {
  it("a name matches exactly, with an instance suffix after - @ : or /, or as a glob", () => {
    expect(nameMatches("inventory-service", "inventory-service")).toBe(true);
    expect(nameMatches("inventory-service-7f9c", "inventory-service")).toBe(true);
    expect(nameMatches("inventory-service@host", "inventory-service")).toBe(true);
    expect(nameMatches("inventory-serviceX", "inventory-service")).toBe(false);
    expect(nameMatches("inventory-api", "inventory-*")).toBe(true);
    expect(nameMatches("web/inventory.v2", "*inventory*")).toBe(true);
    expect(nameMatches("billing", "inventory-*")).toBe(false);
  });

  it("an object matches when every identity it names matches (globs), and never on a missing identity", () => {
    const c = consumer("10.0.3.7:51234 -> 10.0.0.2:5672", 0, { product: "amqplib", peerHost: "10.0.3.7" });
    expect(isDeclared(c, [{ product: "amqplib" }])).toBe(true);
    expect(isDeclared(c, [{ product: "amqplib", peerHost: "10.0.3.*" }])).toBe(true);
    expect(isDeclared(c, [{ product: "amqplib", peerHost: "10.0.4.*" }])).toBe(false);
    expect(isDeclared(c, [{ hostname: "*" }])).toBe(false);
    expect(isDeclared(c, [{ consumerTag: "amq.ctag-0" }])).toBe(true);
  });

  it("a name never matches a name the broker made up (it says nothing about the app)", () => {
    const c = consumer("10.0.3.7:51234 -> 10.0.0.2:5672");
    expect(isDeclared(c, [{ name: "*" }])).toBe(false);
    expect(isDeclared(c, [{ connectionName: "10.0.3.7:*" }])).toBe(true);
  });
});
