import { describe, expect, it } from "vitest";
import { filtersOverlap } from "./subjects";

describe("filtersOverlap", () => {
  it.each([
    ["orders.confirmed", "orders.confirmed", true],
    ["orders.confirmed", "orders.shipped", false],
    ["orders.>", "orders.confirmed", true],
    ["orders.>", "orders", false], // > needs at least one more token
    ["orders.*", "orders.confirmed", true],
    ["orders.*", "orders.confirmed.eu", false],
    ["*.confirmed", "orders.*", true],
    [">", "anything.at.all", true],
    ["orders.*.eu", "orders.confirmed.us", false],
  ])("%s and %s: %s", (a, b, overlap) => {
    expect(filtersOverlap(a, b)).toBe(overlap);
    expect(filtersOverlap(b, a)).toBe(overlap);
  });
});
